"""Operations: backup and restore of SQLite, the health check."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests import builders as b
from tests.conftest import make_app
from tracker import cli, db
from tracker.models import Engineer


@pytest.fixture
def migrated(tmp_path):
    """An app on a SQLite database built by the migrations (as `flask init-db` builds it)."""
    url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    cli.upgrade(url)
    app = make_app(tmp_path, DATABASE_URL=url)
    yield app
    db.engine_of(app).dispose()


def names(app) -> list[str]:
    with app.extensions["db"]() as session:
        return sorted(session.scalars(select(Engineer.name)))


@pytest.mark.sqlite_only
def test_backup_then_restore_round_trips(migrated, tmp_path):
    with migrated.extensions["db"]() as session:
        supplier = b.gen_supplier(session)
        b.gen_engineer(session, supplier, name="Kept")
        session.commit()
    runner = migrated.test_cli_runner()
    copy = tmp_path / "copy.sqlite"
    with migrated.app_context():
        result = runner.invoke(args=["backup", str(copy)])
    assert result.exit_code == 0, result.output
    with migrated.extensions["db"]() as session:
        b.gen_engineer(session, session.get(type(supplier), supplier.id), name="Lost")
        session.commit()
    assert names(migrated) == ["Kept", "Lost"]
    with migrated.app_context():
        result = runner.invoke(args=["restore", "--yes", str(copy)])
    assert result.exit_code == 0, result.output
    assert names(migrated) == ["Kept"]


@pytest.mark.sqlite_only
def test_restore_refuses_a_damaged_file(migrated, tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with migrated.app_context():
        result = migrated.test_cli_runner().invoke(args=["restore", "--yes", str(bad)])
    assert result.exit_code != 0 and "not a readable SQLite database" in result.output


@pytest.mark.sqlite_only
def test_backup_refuses_to_overwrite(migrated, tmp_path):
    existing = tmp_path / "there.sqlite"
    existing.write_text("keep me")
    with migrated.app_context():
        result = migrated.test_cli_runner().invoke(args=["backup", str(existing)])
    assert result.exit_code != 0 and existing.read_text() == "keep me"


def test_backup_of_postgresql_points_to_pg_dump(tmp_path):
    from tracker.ops import service

    with pytest.raises(service.BackupError, match="pg_dump"):
        service.backup("postgresql+psycopg://db/densho", tmp_path / "x")


@pytest.mark.sqlite_only
def test_healthz_is_ok_on_a_migrated_database(migrated):
    response = migrated.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok" and response.json["migrations"] == "current"


def test_healthz_says_when_the_migrations_are_behind(client):
    """The test database is built from the models, without Alembic's record: not current."""
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "ok" and response.json["migrations"] == "behind"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
