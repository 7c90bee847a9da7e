"""Stored process scores: every process's E, Q, T, D and band on one date, kept for the heatmaps.

`current_score` holds a row per process, computed on the date and availability horizon stored in
`data_version.scores_on` / `scores_horizon`, by the SQL aggregate every other score uses
(`scores.counting_holders`) and the scoring module's own dependency and band functions.

No write leaves it stale:
- a flush that writes a supplier's levels, engineers, their status periods, processes,
  certificate types (and the processes they qualify for) or certificates marks the supplier,
  and just before the transaction commits the supplier's rows are computed again on the stored
  date, in that transaction: they commit or roll back with the change;
- a bulk statement on those tables marks every supplier;
- `ensure` recomputes every row when the stored date is behind the one asked for, or the
  horizon differs (the first heatmap of the day); the stored date never moves back;
- every recomputation bumps the data version (tracker.heatmap.cache), which makes cached maps computed
  from older rows unreachable;
- readers check the stored date and horizon in the statement that reads the rows
  (`heatmap_queries.cells_statement`), so rows of another day are never taken for today's.

`init_app` (called by the application factory) registers the listeners below on the app's
sessions; `watch` does the same for a session factory built without an app. Writes that bypass
the ORM session (raw SQL, another program) must call `refresh_suppliers`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import chain
from typing import TYPE_CHECKING

from sqlalchemy import case, delete, event, func, insert, select, true, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from tracker import scoring
from tracker.heatmap.versions import bump
from tracker.models import CurrentScore, DataVersion, Process
from tracker.models.versions import VERSION_ROW
from tracker.scoring_sql import counting_holders, teaches

if TYPE_CHECKING:
    from flask import Flask

# The tables whose rows change a process's score on a given date, each row with a supplier_id.
WATCHED = frozenset(
    {"current_level", "engineer", "engineer_status_period", "process", "certificate", "certificate_type"}
)
MARKS = "current_scores.suppliers"  # session.info key: suppliers written in this transaction
EVERY_SUPPLIER = "every supplier"  # the mark after a bulk statement
# A bulk statement that knows the suppliers it writes names them in this execution option, and
# marks only those: `session.execute(insert(CurrentLevel).execution_options(suppliers=...), rows)`.
SUPPLIERS_OPTION = "suppliers"


def init_app(app: Flask) -> None:
    """Keep the stored scores in step with every write made through the app's sessions."""
    watch(app.extensions["db"])


def watch(sessions: sessionmaker) -> None:
    """Register the listeners that keep the stored scores in step on a session factory."""
    event.listen(sessions, "after_flush", _mark)
    event.listen(sessions, "do_orm_execute", _mark_bulk)
    event.listen(sessions, "before_commit", _refresh_marked)
    event.listen(sessions, "after_transaction_end", _forget_marks)


def stored_for(connection: Connection) -> tuple[date | None, float | None]:
    """The (date, horizon) the stored rows are for; (None, None) before the first refresh."""
    row = connection.execute(
        select(DataVersion.scores_on, DataVersion.scores_horizon).where(DataVersion.id == VERSION_ROW)
    ).first()
    return (row[0], row[1]) if row else (None, None)


def _behind(stored: tuple[date | None, float | None], on: date, horizon: float) -> bool:
    """True when rows stored for `stored` should be recomputed for `on` and `horizon`.

    The stored date only moves forward: a host whose clock is behind reads the levels instead
    of pulling every other host's scores back a day.
    """
    stored_on, stored_horizon = stored
    return stored_on is None or stored_on < on or (stored_on == on and stored_horizon != horizon)


def ensure(session: Session, on: date, horizon: float = scoring.DEFAULT_HORIZON_YEARS) -> bool:
    """Make the stored scores those of `on` and `horizon` if they are behind; True when it did.

    It commits the session: call it only where the session holds nothing else to commit (a GET
    request, the CLI).
    """
    if not _behind(stored_for(session.connection()), on, horizon):
        return False
    refreshed = refresh_all(session.connection(), on, horizon)
    session.commit()
    return refreshed


def refresh_all(connection: Connection, on: date, horizon: float) -> bool:
    """Recompute every row for `on` and `horizon`, unless another transaction just did.

    Bumping the data version first takes its row's lock (creating the row if need be), so that
    refreshes and writers run one after the other, and makes every cached map computed before
    the refresh unreachable.
    """
    bump(connection)
    if not _behind(stored_for(connection), on, horizon):
        return False
    connection.execute(
        update(DataVersion).where(DataVersion.id == VERSION_ROW).values(scores_on=on, scores_horizon=horizon)
    )
    _write(connection, true(), on, horizon)
    return True


def refresh_suppliers(connection: Connection, supplier_ids) -> None:
    """Recompute these suppliers' rows on the stored date (nothing before the first refresh).

    Every supplier's when `supplier_ids` is None. It takes the data-version row's lock first, so
    that a concurrent `refresh_all` cannot change the stored date under it.
    """
    bump(connection)
    on, horizon = stored_for(connection)
    if on is None or horizon is None:
        return
    if supplier_ids is None:
        _write(connection, true(), on, horizon)
        return
    supplier_ids = sorted(supplier_ids)
    _write(connection, Process.supplier_id.in_(supplier_ids), on, horizon, supplier_ids)


def _write(connection: Connection, where, on: date, horizon: float, supplier_ids=None) -> None:
    holders = counting_holders(where, on, horizon=horizon)
    totals = (
        select(
            Process.id,
            Process.supplier_id,
            Process.category_id,
            Process.criticality,
            Process.site,
            Process.code,
            Process.name,
            Process.required,
            func.coalesce(func.sum(holders.c.a), 0.0),
            func.count(holders.c.engineer_id),
            func.count(case((teaches(holders.c.level, holders.c.a), 1))),
        )
        .outerjoin(holders, holders.c.process_id == Process.id)
        .where(where)
        .group_by(Process.id)
    )
    by_supplier: dict[int, list[tuple[tuple, dict]]] = defaultdict(list)
    for pid, sid, cid, criticality, site, code, name, required, e, q, t in connection.execute(totals):
        dependency = scoring.dependency_for(e, required)
        row = {
            "process_id": pid,
            "supplier_id": sid,
            "category_id": cid,
            "criticality": criticality,
            "site": site,
            "code": code,
            "name": name,
            "effective": e,
            "qualified": q,
            "trainers": t,
            "dependency": dependency,
            "band": scoring.band_for(dependency),
        }
        by_supplier[sid].append((scoring.worst_first(dependency, e, code, pid), row))
    rows = []
    for processes in by_supplier.values():
        processes.sort(key=lambda pair: pair[0])  # the most dependent first
        rows.extend(row | {"severity": rank} for rank, (_key, row) in enumerate(processes, start=1))
    table = CurrentScore.__table__
    if supplier_ids is None:
        connection.execute(delete(table))
    else:
        connection.execute(delete(table).where(table.c.supplier_id.in_(supplier_ids)))
    if rows:
        connection.execute(insert(table), rows)


def _mark(session: Session, _flush_context) -> None:
    written = chain(session.new, session.dirty, session.deleted)
    suppliers = {obj.supplier_id for obj in written if obj.__table__.name in WATCHED}
    marked = session.info.get(MARKS)
    if suppliers and marked is not EVERY_SUPPLIER:
        session.info[MARKS] = (marked or set()) | suppliers


def _mark_bulk(state: ORMExecuteState) -> None:
    """A bulk statement (`session.execute(update(Engineer)...)`) may touch any supplier: mark all."""
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) not in WATCHED:
            return
        suppliers = state.execution_options.get(SUPPLIERS_OPTION)
        marked = state.session.info.get(MARKS)
        if suppliers is None or marked is EVERY_SUPPLIER:
            state.session.info[MARKS] = EVERY_SUPPLIER
        else:
            state.session.info[MARKS] = (marked or set()) | set(suppliers)


def _refresh_marked(session: Session) -> None:
    session.flush()  # the last changes, and their marks (commit would flush only after this hook)
    if MARKS in session.info:
        marked = session.info.pop(MARKS)
        refresh_suppliers(session.connection(), None if marked is EVERY_SUPPLIER else marked)


def _forget_marks(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(MARKS, None)
