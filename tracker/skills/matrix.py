"""The skills matrix (星取表): engineers x processes with current levels and column scores."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_
from sqlalchemy.orm import Session

from tracker.models import CurrentLevel, Engineer, Process
from tracker.scoring_sql import Scored, certified, score_processes
from tracker.tenancy import Scope, owns, scoped


@dataclass(frozen=True)
class Row:
    """One engineer's row: per column, in column order, (process id, level, expired): a level
    expired, or one at U or O missing a required certificate (`scoring_sql.certified`)."""

    engineer: Engineer
    cells: list[tuple[int, int, bool]]


@dataclass(frozen=True)
class Matrix:
    columns: list[Scored]
    rows: list[Row]


def build_matrix(
    session: Session,
    scope: Scope,
    on: date,
    *,
    site: str = "",
    category_id: int | None = None,
    horizon: float = 3.0,
) -> Matrix:
    """The supplier's matrix on `on`, optionally for one site and one category.

    Rows are the engineers who have not left; column scores cover every holder of the process,
    whatever the row filter.
    """
    process_filter = owns(scope, Process)
    if category_id:
        process_filter = and_(process_filter, Process.category_id == category_id)
    columns = score_processes(session, process_filter, on, horizon=horizon)
    engineers = scoped(scope, Engineer).where(Engineer.status != "left")
    if site:
        engineers = engineers.where(Engineer.site == site)
    engineers = session.scalars(engineers.order_by(Engineer.site, Engineer.name, Engineer.id)).all()
    levels: dict[int, dict[int, tuple[int, int, bool]]] = defaultdict(dict)
    for engineer_id, process_id, level, expires_on, holds in session.execute(
        scoped(
            scope,
            CurrentLevel,
            CurrentLevel.engineer_id,
            CurrentLevel.process_id,
            CurrentLevel.level,
            CurrentLevel.expires_on,
            certified(CurrentLevel.engineer_id, CurrentLevel.process_id, on),
        )
    ):
        expired = (expires_on is not None and expires_on <= on) or (level >= 3 and not holds)
        levels[engineer_id][process_id] = (process_id, level, expired)
    process_ids = [column.process.id for column in columns]
    rows = []
    for engineer in engineers:
        own = levels.get(engineer.id, {})
        rows.append(Row(engineer, [own.get(pid) or (pid, 0, False) for pid in process_ids]))
    return Matrix(columns, rows)
