"""The data version: one counter in the database that moves with every write to heatmap data.

Every flush that writes a row of a table the heatmaps are made of bumps `data_version.version`
inside the same transaction, so the bump commits or rolls back with the change itself. Caches
(`tracker.heatmap.cache`) key their results by it. Writes that bypass the ORM session (raw SQL,
another program) do not bump the counter; such a writer must call `bump(connection)` itself.

The table is the `DataVersion` model of `tracker.models.versions`. No Flask.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, event, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from tracker.models.versions import VERSION_ROW, DataVersion

# Tables whose rows the heatmaps never read: writing them leaves cached results valid.
IGNORED_TABLES = frozenset({"user_account", "audit_event", "engineer_alias", "data_version"})

data_version = DataVersion.__table__
STATE_COLUMNS = (data_version.c.version, data_version.c.scores_on, data_version.c.scores_horizon)
UPSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def watch(sessions: sessionmaker) -> None:
    """Register the data-version bump on a session factory."""
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "do_orm_execute", _on_orm_execute)


def _tables(objects: Iterable[Any]) -> set[str]:
    return {type(obj).__table__.name for obj in objects}


def _after_flush(session: Session, _flush_context) -> None:
    written = _tables(session.new) | _tables(session.dirty) | _tables(session.deleted)
    if written - IGNORED_TABLES:
        bump(session.connection())


def _on_orm_execute(state: ORMExecuteState) -> None:
    """Bulk ORM statements (`session.execute(update(Model)...)`) skip the flush: bump here."""
    if state.is_insert or state.is_update or state.is_delete:
        target = getattr(state.statement, "table", None)
        if getattr(target, "name", None) not in IGNORED_TABLES:
            bump(state.session.connection())


def bump(connection: Connection) -> None:
    """Add one to the data version in `connection`'s transaction (creating the row if missing)."""
    upsert = UPSERTS.get(connection.dialect.name)
    if upsert is not None:
        statement = (
            upsert(data_version)
            .values(id=VERSION_ROW, version=1)
            .on_conflict_do_update(index_elements=["id"], set_={"version": data_version.c.version + 1})
        )
        connection.execute(statement)
        return
    changed = connection.execute(
        update(data_version)
        .where(data_version.c.id == VERSION_ROW)
        .values(version=data_version.c.version + 1)
    )
    if not changed.rowcount:
        connection.execute(insert(data_version).values(id=VERSION_ROW, version=1))


def with_state(statement: Select) -> Select:
    """`statement` with the data-version row's columns added (outer-joined: the row may be missing)."""
    return statement.add_columns(*STATE_COLUMNS).outerjoin(data_version, data_version.c.id == VERSION_ROW)


def state_statement() -> Select:
    """The data-version row's columns (no row before the first write)."""
    return select(*STATE_COLUMNS).where(data_version.c.id == VERSION_ROW)
