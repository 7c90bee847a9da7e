"""What a write did to the scores: the affected processes scored before and after it.

A view takes a `snapshot` of the processes a write touches, makes the write, takes another, and
shows the `differences` (tracker.web.effects says them in the user's language). The scores are
`scoring_sql.score_processes`', the same as every page's.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from tracker import scoring
from tracker.models import Process
from tracker.scoring_sql import Scored, by_id, score_processes


@dataclass(frozen=True)
class ScoreChange:
    """One process before and after a write: Q (qualified holders), D (dependency) and band."""

    code: str
    q_before: int
    q_after: int
    d_before: float
    d_after: float
    band_before: str
    band_after: str

    @property
    def changed(self) -> bool:
        """True when Q, D (as shown, to the unit) or the band moved."""
        return (
            self.q_before != self.q_after
            or round(self.d_before) != round(self.d_after)
            or self.band_before != self.band_after
        )


def snapshot(
    session: Session,
    process_ids: Collection[int],
    on: date,
    *,
    horizon: float = scoring.DEFAULT_HORIZON_YEARS,
    plans_until: date | None = None,
) -> dict[int, Scored]:
    """The processes `process_ids` scored on `on` (with `plans_until`, open plans due by then
    count as delivered: the projection), by process id. Pending writes are flushed first."""
    if not process_ids:
        return {}
    session.flush()
    where = Process.id.in_(list(process_ids))
    return by_id(score_processes(session, where, on, horizon=horizon, plans_until=plans_until))


def differences(before: Mapping[int, Scored], after: Mapping[int, Scored]) -> list[ScoreChange]:
    """Each process scored in both snapshots, before against after, in process-code order."""
    changes = [
        ScoreChange(
            code=after[pid].process.code,
            q_before=before[pid].score.qualified,
            q_after=after[pid].score.qualified,
            d_before=before[pid].score.dependency,
            d_after=after[pid].score.dependency,
            band_before=before[pid].score.band,
            band_after=after[pid].score.band,
        )
        for pid in before.keys() & after.keys()
    ]
    return sorted(changes, key=lambda change: change.code)
