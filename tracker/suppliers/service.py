"""A supplier's overview: every process scored, the key persons, the truck factor."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from tracker import scoring
from tracker.models import Engineer, Process
from tracker.scoring_sql import Scored, score_processes, truck_factor
from tracker.tenancy import Scope, owns, scoped


@dataclass(frozen=True)
class Overview:
    on: date
    processes: list[Scored]
    bands: Counter
    truck_factor: int
    key_ranking: tuple[int, ...]
    first_loss: int | None
    names: dict[int, str]
    history: bool = False  # replayed from the history: the overview as it was on `on`


def build_overview(
    session: Session, scope: Scope, on: date, horizon: float = 3.0, history: bool = False
) -> Overview:
    """Score the supplier's processes on `on` and sum them up; with `history`, as they were on
    `on` (the levels, expiries, retirements and engineer statuses valid then)."""
    processes = score_processes(session, owns(scope, Process), on, horizon=horizon, history=history)
    critical = [item for item in processes if item.process.is_critical]
    size, ranking = truck_factor(session, scope.organization_id, on, history=history)
    names = {
        engineer_id: name
        for engineer_id, name in session.execute(scoped(scope, Engineer, Engineer.id, Engineer.name))
    }
    return Overview(
        on=on,
        processes=processes,
        bands=Counter(item.score.band for item in critical),
        truck_factor=size,
        key_ranking=ranking,
        first_loss=scoring.first_loss(item.score for item in critical),
        names=names,
        history=history,
    )
