"""Today against a projected date, per process: what the open training plans change, and what
it would take to be covered; and the what-if of engineers leaving.

The projection is DESIGN.md's: the same scoring on the chosen date, with every open plan due by
then taken as delivered. The numbers come from `score_processes` (SQL); the what-if scores the
same holders with `scoring.score_process`, with and without the engineers who leave.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker import scoring
from tracker.models import CurrentLevel, Engineer, Process, TrainingPlan
from tracker.scoring_sql import Scored, active_on, by_id, certify_holders, present_on, score_processes
from tracker.tenancy import Scope, owns, scoped

PROJECTION_MONTHS = 12


def default_until(today: date) -> date:
    """The default projection date: twelve calendar months after `today`."""
    return scoring.subtract_months(today, -PROJECTION_MONTHS)


def needed(score: scoring.ProcessScore, required: int) -> int:
    """How many more fully available engineers at U or O it takes to bring D to 0."""
    if score.dependency == 0:
        return 0
    return max(1, math.ceil(round(required - score.effective, 9)))


@dataclass(frozen=True)
class Shortfall:
    """What the projection leaves to do on one process, as data for a plain-words sentence."""

    needed: int  # more engineers at U or above (fully available) still needed on `until`
    plans_due: int  # open plans due by `until` that the projection counts as delivered
    last_due: date | None  # the latest due date among them
    overdue: int  # open plans due before today (counted among `plans_due`, or left out)
    plans_later: int  # open plans due after `until`
    next_later: date | None  # the earliest due date among those


@dataclass(frozen=True)
class Outlook:
    """One process today and on the projection date."""

    process: Process
    now: scoring.ProcessScore
    then: scoring.ProcessScore
    shortfall: Shortfall

    @property
    def change(self) -> int:
        """-1 when the band gets better by then, 1 when it gets worse, 0 when it stays."""
        before, after = scoring.BANDS.index(self.now.band), scoring.BANDS.index(self.then.band)
        return (after > before) - (after < before)


@dataclass(frozen=True)
class Projection:
    today: date
    until: date
    rows: list[Outlook]
    bands_then: Counter  # bands of the critical (A/B) processes on `until`
    count_overdue: bool = True  # overdue open plans counted as delivered (else left out)

    def of(self, process_id: int) -> Outlook | None:
        """The outlook of one process."""
        return next((row for row in self.rows if row.process.id == process_id), None)


def project_supplier(
    session: Session,
    scope: Scope,
    today: date,
    until: date,
    *,
    horizon: float = scoring.DEFAULT_HORIZON_YEARS,
    now: list[Scored] | None = None,
    count_overdue: bool = True,
) -> Projection:
    """Every process of the supplier today and on `until` with open plans due by then delivered:
    the overdue ones too (said in each shortfall), or with `count_overdue` off, left out.

    `now` may pass today's scores when the caller has them already.
    """
    where = owns(scope, Process)
    if now is None:
        now = score_processes(session, where, today, horizon=horizon)
    plans_from = None if count_overdue else today
    then = by_id(
        score_processes(session, where, until, horizon=horizon, plans_until=until, plans_from=plans_from)
    )
    plans: dict[int, list[date]] = {}
    for process_id, due_on in session.execute(
        scoped(scope, TrainingPlan, TrainingPlan.process_id, TrainingPlan.due_on).where(TrainingPlan.is_open)
    ):
        plans.setdefault(process_id, []).append(due_on)
    rows = []
    for item in now:
        projected = then[item.process.id].score
        dues = plans.get(item.process.id, [])
        due, later = [d for d in dues if d <= until], [d for d in dues if d > until]
        overdue = [d for d in due if d < today]
        counted = due if count_overdue else [d for d in due if d >= today]
        shortfall = Shortfall(
            needed=needed(projected, item.process.required),
            plans_due=len(counted),
            last_due=max(counted, default=None),
            overdue=len(overdue),
            plans_later=len(later),
            next_later=min(later, default=None),
        )
        rows.append(Outlook(item.process, item.score, projected, shortfall))
    bands = Counter(row.then.band for row in rows if row.process.is_critical)
    return Projection(today, until, rows, bands, count_overdue)


# --- what-if --------------------------------------------------------------------


@dataclass(frozen=True)
class WhatIf:
    """A process whose band gets worse if the chosen engineers leave."""

    process: Process
    before: scoring.ProcessScore
    after: scoring.ProcessScore


def supplier_holders(session: Session, scope: Scope, on: date) -> dict[int, list[scoring.Holder]]:
    """Every level of the supplier's engineers as scoring holders on `on`, per process, their
    required certificates applied (`scoring_sql.certify_holders`)."""
    holders: dict[int, list[scoring.Holder]] = {}
    for row in session.execute(
        select(
            CurrentLevel.process_id,
            CurrentLevel.engineer_id,
            CurrentLevel.level,
            CurrentLevel.expires_on,
            Engineer.retires_on,
            active_on(on).label("active"),
            CurrentLevel.practised_on,
        )
        .join(Engineer, Engineer.id == CurrentLevel.engineer_id)
        .where(owns(scope, CurrentLevel))
    ):
        holders.setdefault(row.process_id, []).append(
            scoring.Holder(
                row.engineer_id,
                row.level,
                row.expires_on,
                row.retires_on,
                bool(row.active),
                row.practised_on,
            )
        )
    return certify_holders(session, holders, on)


@dataclass(frozen=True)
class Candidate:
    """An engineer the what-if may take away, with what helps to choose: site, the processes they
    hold at U or O, their planned retirement."""

    engineer: Engineer
    qualified_on: int


def candidates(session: Session, scope: Scope, on: date) -> list[Candidate]:
    """The supplier's engineers still there on `on` (active, not retired), by name, each with
    the number of processes they hold at U or O."""
    qualified = (
        select(CurrentLevel.engineer_id, func.count().label("processes"))
        .where(owns(scope, CurrentLevel), CurrentLevel.level.in_(scoring.COUNTING_LEVELS))
        .group_by(CurrentLevel.engineer_id)
        .subquery()
    )
    rows = session.execute(
        select(Engineer, func.coalesce(qualified.c.processes, 0))
        .outerjoin(qualified, qualified.c.engineer_id == Engineer.id)
        .where(owns(scope, Engineer), present_on(on))
        .order_by(Engineer.name, Engineer.id)
    )
    return [Candidate(engineer, count) for engineer, count in rows]


def what_if(
    session: Session,
    scope: Scope,
    leaving: Collection[int],
    on: date,
    horizon: float = scoring.DEFAULT_HORIZON_YEARS,
) -> list[WhatIf]:
    """The processes whose band gets worse on `on` if the engineers `leaving` leave, worst first."""
    holders = supplier_holders(session, scope, on)
    worse = []
    for process in session.scalars(scoped(scope, Process).order_by(Process.code)):
        own = holders.get(process.id, [])
        before = scoring.score_process(own, process.required, on, horizon, process.lapse_months)
        remaining = [replace(h, active=False) if h.engineer_id in leaving else h for h in own]
        after = scoring.score_process(remaining, process.required, on, horizon, process.lapse_months)
        if scoring.BANDS.index(after.band) > scoring.BANDS.index(before.band):
            worse.append(WhatIf(process, before, after))
    return sorted(
        worse,
        key=lambda item: (-scoring.BANDS.index(item.after.band), -item.after.dependency, item.process.code),
    )
