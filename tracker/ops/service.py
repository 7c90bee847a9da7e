"""Health and SQLite backups (no Flask): what `/healthz` reports and `flask backup` / `restore` do."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; nothing was changed."""


def head_revision() -> str | None:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def health(engine: Engine) -> dict:
    """{"database": ok?, "migrations": "current" | "behind" | "unknown", "revision": ...}."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            revision = MigrationContext.configure(connection).get_current_revision()
    except Exception:  # noqa: BLE001 (any failure of the database is "unreachable" here)
        return {"database": "unreachable", "migrations": "unknown", "revision": None}
    state = "current" if revision == head_revision() else "behind"
    return {"database": "ok", "migrations": state, "revision": revision}


def sqlite_path(url: str) -> Path:
    """The file of a SQLite URL; any other database is refused (use its own tools: pg_dump)."""
    if not url.startswith("sqlite:///") or url == "sqlite:///:memory:":
        raise BackupError("Only a SQLite file can be backed up this way; for PostgreSQL use pg_dump.")
    return Path(url.removeprefix("sqlite:///"))


def integrity(path: Path) -> None:
    """Refuse a file that is no SQLite database of Densho at the newest schema, or is damaged."""
    if not path.is_file():
        raise BackupError(f"No such file: {path}")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a readable SQLite database of Densho: {error}") from error
    if result != "ok":
        raise BackupError(f"{path} fails the integrity check: {result}")
    if revision is None or revision[0] != head_revision():
        raise BackupError(f"{path} is not at the newest schema ({head_revision()}); upgrade it first.")


def backup(url: str, target: Path) -> None:
    """Copy the live database at `url` into `target` with SQLite's online backup API: a
    consistent copy while the app serves (writers wait only for each step)."""
    source = sqlite_path(url)
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new file.")
    with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(target)) as copy:
        live.backup(copy, pages=1024)
    integrity(target)


def restore(url: str, source: Path) -> None:
    """Replace the database at `url` with the backup `source`, after its integrity check.
    Stop the app first: the sessions of running workers would see the data change under them."""
    integrity(source)
    live = sqlite_path(url)
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup_,
        closing(sqlite3.connect(live)) as target,
    ):
        backup_.backup(target)
