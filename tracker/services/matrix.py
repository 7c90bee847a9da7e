"""The skills matrix (星取表): engineers x processes with current levels and column scores."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from tracker.models import CurrentLevel, Engineer, Process
from tracker.services.scores import Scored, score_processes


@dataclass(frozen=True)
class Matrix:
    engineers: list[Engineer]
    columns: list[Scored]
    cells: dict[tuple[int, int], CurrentLevel]


def build_matrix(
    session: Session,
    supplier_id: int,
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
    process_filter = Process.supplier_id == supplier_id
    if category_id:
        process_filter = and_(process_filter, Process.category_id == category_id)
    columns = score_processes(session, process_filter, on, horizon=horizon)
    engineers = select(Engineer).where(Engineer.supplier_id == supplier_id, Engineer.status != "left")
    if site:
        engineers = engineers.where(Engineer.site == site)
    rows = session.scalars(engineers.order_by(Engineer.site, Engineer.name, Engineer.id)).all()
    levels = session.scalars(select(CurrentLevel).where(CurrentLevel.supplier_id == supplier_id)).all()
    return Matrix(list(rows), columns, {(c.engineer_id, c.process_id): c for c in levels})
