"""Computed heatmaps cached in each worker, never stale across workers and hosts.

The database keeps one counter, `data_version.version`. Every flush that writes a row of a table
the heatmaps are made of bumps it, inside the same transaction, so the bump commits or rolls back
with the change itself. A request reads the counter first and only then computes; results are
cached in process memory under (version, date, ...), so after any committed write, in any worker
on any host, and after midnight, every older entry is unreachable. The counter is read with the
logged-in user, in the statement that loads it (`with_state`, used by tracker.auth), so a cached
response costs no statement beyond those every page costs.

Writes that bypass the ORM session (raw SQL, another program) do not bump the counter; such a
writer must call `bump(connection)` itself.

The table is the `DataVersion` model of `tracker.models.versions`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from datetime import date
from typing import Any, NamedTuple, TypeVar

from flask import Flask, current_app, g
from sqlalchemy import Select, event, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from tracker.models.versions import VERSION_ROW, DataVersion

T = TypeVar("T")

# Tables whose rows the heatmaps never read: writing them leaves cached results valid.
IGNORED_TABLES = frozenset({"user_account", "audit_event", "engineer_alias", "data_version"})

data_version = DataVersion.__table__
STATE_COLUMNS = (data_version.c.version, data_version.c.scores_on, data_version.c.scores_horizon)
UPSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def init_app(app: Flask) -> None:
    """Bump the data version on every flush of the app's sessions that writes heatmap data."""
    watch(app.extensions["db"])
    app.extensions["results_cache"] = Results(app.config.get("RESULTS_CACHE_SIZE", 64))


def watch(sessions: sessionmaker) -> None:
    """Register the data-version bump on a session factory."""
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "do_orm_execute", _on_orm_execute)


def results() -> Results:
    """The current application's result cache (one per worker process)."""
    return current_app.extensions["results_cache"]


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


class DataState(NamedTuple):
    """The data-version row: the counter (None before the first write: then nothing is cached),
    and the date and horizon of the stored process scores (tracker.heatmap.stored)."""

    version: int | None
    scores_on: date | None
    scores_horizon: float | None


def with_state(statement: Select) -> Select:
    """`statement` with the data-version row's columns added (outer-joined: the row may be missing)."""
    return statement.add_columns(*STATE_COLUMNS).outerjoin(data_version, data_version.c.id == VERSION_ROW)


def remember_state(values) -> None:
    """Keep the data-version columns read by a `with_state` statement for this request."""
    g.data_state = DataState(*values)


def read_state(session: Session) -> DataState:
    """The data-version row as read with the user in this request; read now when it was not."""
    state = g.get("data_state")
    if state is None:
        row = session.execute(select(*STATE_COLUMNS).where(data_version.c.id == VERSION_ROW)).first()
        state = g.data_state = DataState(*(row or (None, None, None)))
    return state


def forget_state() -> None:
    """Drop the remembered row (after a commit, the next `read_state` reads it again)."""
    g.pop("data_state", None)


class Results:
    """A small thread-safe LRU of computed results, keyed by (version, date, key)."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._newest = -1

    def get_or_compute(self, version: int | None, on: date, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached result for `key` at this data version and date, computed on a miss.

        With no version (an empty database) the result is computed and not kept.
        """
        if version is None:
            return compute()
        full_key = (version, on, key)
        with self._lock:
            if version < self._newest:  # the counter went back: a restored database
                self._items.clear()
                self._newest = version
            if full_key in self._items:
                self._items.move_to_end(full_key)
                return self._items[full_key]
        value = compute()
        with self._lock:
            if version > self._newest:
                self._newest = version
                for stale in [k for k in self._items if k[0] < version]:
                    del self._items[stale]
            self._items[full_key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._newest = -1

    def __len__(self) -> int:
        return len(self._items)
