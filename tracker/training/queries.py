"""Reading training data: current levels, open plans, the plan list, sessions, trainer load.

Every function reads within the acting organization's `Scope` (or a record already read in it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from tracker import scoring
from tracker.models import CurrentLevel, Engineer, Process, TrainingPlan, TrainingSession
from tracker.models.training import PLAN_STATUSES
from tracker.scoring_sql import teachers
from tracker.skills.service import current_level as current_level_of
from tracker.skills.service import holder_on
from tracker.tenancy import Scope, owns, scoped

LIST_ORDER = (case((TrainingPlan.is_open, 0), else_=1), TrainingPlan.due_on, TrainingPlan.id)


def current_level(session: Session, engineer_id: int, process_id: int) -> int:
    """The engineer's current level on the process (0 when none is recorded)."""
    current = current_level_of(session, engineer_id, process_id)
    return current.level if current else 0


def can_train(session: Session, trainer: Engineer, process: Process, on: date) -> bool:
    """True when `trainer` may teach `process` on `on` (`scoring.can_teach`: active, not retired,
    a valid level 4 (O) then, not lapsed for lack of practice)."""
    holder = holder_on(session, trainer, process, on)
    return holder is not None and scoring.can_teach(holder, on, process.lapse_months)


def open_plan(
    session: Session, trainee_id: int, process_id: int, other_than: int | None = None
) -> TrainingPlan | None:
    """The trainee's open plan on the process, if any (leaving out plan `other_than`)."""
    return session.scalar(
        select(TrainingPlan).where(
            TrainingPlan.trainee_id == trainee_id,
            TrainingPlan.process_id == process_id,
            TrainingPlan.is_open,
            TrainingPlan.id != (other_than or 0),
        )
    )


def plan_listing(
    scope: Scope,
    *,
    process_id: int | None = None,
    trainee_id: int | None = None,
    trainer_id: int | None = None,
    status: str = "",
    overdue_on: date | None = None,
) -> Select:
    """The plans narrowed to one process, trainee, trainer, status ("open" too) or the overdue;
    open plans first, then by due date."""
    statement = scoped(scope, TrainingPlan).order_by(*LIST_ORDER)
    if process_id:
        statement = statement.where(TrainingPlan.process_id == process_id)
    if trainee_id:
        statement = statement.where(TrainingPlan.trainee_id == trainee_id)
    if trainer_id:
        statement = statement.where(TrainingPlan.trainer_id == trainer_id)
    if status == "open":
        statement = statement.where(TrainingPlan.is_open)
    elif status in PLAN_STATUSES:
        statement = statement.where(TrainingPlan.status == status)
    if overdue_on is not None:
        statement = statement.where(TrainingPlan.is_overdue(overdue_on))
    return statement


def current_levels(session: Session, scope: Scope) -> dict[tuple[int, int], int]:
    """Every current level by (engineer id, process id)."""
    rows = session.execute(
        scoped(scope, CurrentLevel, CurrentLevel.engineer_id, CurrentLevel.process_id, CurrentLevel.level)
    )
    return {(engineer_id, process_id): level for engineer_id, process_id, level in rows}


def hours_by_plan(session: Session, plan_ids: list[int]) -> dict[int, float]:
    """Total logged hours of each plan in `plan_ids` (plans without sessions are left out)."""
    if not plan_ids:
        return {}
    rows = session.execute(
        select(TrainingSession.plan_id, func.sum(TrainingSession.hours))
        .where(TrainingSession.plan_id.in_(plan_ids))
        .group_by(TrainingSession.plan_id)
    )
    return {plan_id: float(hours) for plan_id, hours in rows}


def sessions_of(session: Session, plan: TrainingPlan) -> list[TrainingSession]:
    """The plan's sessions, latest first."""
    return list(
        session.scalars(
            select(TrainingSession)
            .where(TrainingSession.plan_id == plan.id, TrainingSession.supplier_id == plan.supplier_id)
            .order_by(TrainingSession.held_on.desc(), TrainingSession.id.desc())
        )
    )


# --- trainer load --------------------------------------------------------------------


@dataclass(frozen=True)
class TrainerLoad:
    """A level-4 engineer (or one carrying plans) with the open plans they carry."""

    engineer: Engineer
    processes: tuple[str, ...]  # codes of the processes they hold a valid level 4 on
    open_plans: int
    limit: int

    @property
    def over(self) -> bool:
        return self.open_plans > self.limit


def trainer_load(session: Session, scope: Scope, on: date, limit: int) -> list[TrainerLoad]:
    """Everyone who may teach on `on` (`scoring.can_teach`) and every trainer with open plans,
    busiest first."""
    carried = dict(
        session.execute(
            scoped(scope, TrainingPlan, TrainingPlan.trainer_id, func.count())
            .where(TrainingPlan.is_open)
            .group_by(TrainingPlan.trainer_id)
        ).all()
    )
    teaching: dict[int, list[str]] = {}
    who = teachers(owns(scope, Process), on).subquery("teachers")
    rows = select(who.c.engineer_id, Process.code).join(Process, Process.id == who.c.process_id)
    for engineer_id, code in session.execute(rows.order_by(Process.code)):
        teaching.setdefault(engineer_id, []).append(code)
    ids = set(carried) | set(teaching)
    engineers = session.scalars(scoped(scope, Engineer).where(Engineer.id.in_(ids)))
    loads = [TrainerLoad(e, tuple(teaching.get(e.id, ())), carried.get(e.id, 0), limit) for e in engineers]
    return sorted(loads, key=lambda load: (-load.open_plans, load.engineer.name, load.engineer.id))
