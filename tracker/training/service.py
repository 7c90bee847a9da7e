"""Training plans and the sessions logged against them: the rules, the writes, trainer load.

Every write adds its audit event; the caller commits. A refused change raises `Refused`, which
names the form field it concerns, a rule code and the details, so a view can show a clear
message in the user's language and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from tracker import scoring
from tracker.audit import service as audit
from tracker.models import CurrentLevel, Engineer, Process, TrainingPlan, TrainingSession
from tracker.scoring import TRAINER_LEVEL
from tracker.scoring_sql import teachers
from tracker.skills.service import holder_on, record_assessment, record_practice

MAX_HOURS = 24


class Refused(ValueError):
    """A rule refuses the change: `field` is the form field concerned, `code` names the rule."""

    def __init__(self, field: str, code: str, **params: Any) -> None:
        super().__init__(f"{field}: {code}")
        self.field = field
        self.code = code
        self.params = params


# --- reading ----------------------------------------------------------------


def current_level(session: Session, engineer_id: int, process_id: int) -> int:
    """The engineer's current level on the process (0 when none is recorded)."""
    level = session.scalar(
        select(CurrentLevel.level).where(
            CurrentLevel.engineer_id == engineer_id, CurrentLevel.process_id == process_id
        )
    )
    return level or 0


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


def filter_plans(
    statement: Select,
    *,
    process_id: int | None = None,
    trainee_id: int | None = None,
    trainer_id: int | None = None,
    status: str = "",
    overdue_on: date | None = None,
) -> Select:
    """`statement` (a select of plans) narrowed to one process, trainee, trainer, status, or overdue."""
    if process_id:
        statement = statement.where(TrainingPlan.process_id == process_id)
    if trainee_id:
        statement = statement.where(TrainingPlan.trainee_id == trainee_id)
    if trainer_id:
        statement = statement.where(TrainingPlan.trainer_id == trainer_id)
    if status == "open":
        statement = statement.where(TrainingPlan.is_open)
    elif status:
        statement = statement.where(TrainingPlan.status == status)
    if overdue_on is not None:
        statement = statement.where(TrainingPlan.is_overdue(overdue_on))
    return statement


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


# --- plans --------------------------------------------------------------------


def _own(session: Session, model: type, record_id: Any, supplier_id: int, field: str):
    record = session.get(model, record_id) if isinstance(record_id, int) else None
    if record is None or record.supplier_id != supplier_id:
        raise Refused(field, "not_own")
    return record


def _check_schedule(session: Session, plan_id: int | None, starts_on: date, due_on: date) -> None:
    if due_on < starts_on:
        raise Refused("due_on", "due_before_start")
    if plan_id is not None:
        first = session.scalar(
            select(func.min(TrainingSession.held_on)).where(TrainingSession.plan_id == plan_id)
        )
        if first is not None and first < starts_on:
            raise Refused("starts_on", "start_after_session", first=first)


def _check_trainer(
    session: Session, trainer: Engineer, trainee: Engineer, process: Process, starts_on: date
) -> None:
    if trainer.id == trainee.id:
        raise Refused("trainer_id", "trainee_is_trainer")
    if not can_train(session, trainer, process, starts_on):
        raise Refused(
            "trainer_id", "trainer_not_o", trainer=trainer.name, process=process.code, day=starts_on
        )


def _check_target(from_level: int, target_level: Any) -> None:
    if not isinstance(target_level, int) or not from_level < target_level <= TRAINER_LEVEL:
        raise Refused("target_level", "target_not_above", level=from_level)


def create_plan(
    session: Session, supplier_id: int, user_id: int | None, values: dict[str, Any]
) -> TrainingPlan:
    """Open a plan after checking every rule; from-level is the trainee's current level.

    `values`: trainee_id, trainer_id, process_id, target_level, starts_on, due_on, notes.
    """
    trainee = _own(session, Engineer, values["trainee_id"], supplier_id, "trainee_id")
    process = _own(session, Process, values["process_id"], supplier_id, "process_id")
    trainer = _own(session, Engineer, values["trainer_id"], supplier_id, "trainer_id")
    if trainee.status == "left":
        raise Refused("trainee_id", "trainee_left", trainee=trainee.name)
    if trainer.id == trainee.id:
        raise Refused("trainer_id", "trainee_is_trainer")
    existing = open_plan(session, trainee.id, process.id)
    if existing is not None:
        raise Refused(
            "trainee_id", "already_open", trainee=trainee.name, process=process.code, due=existing.due_on
        )
    from_level = current_level(session, trainee.id, process.id)
    _check_target(from_level, values["target_level"])
    _check_schedule(session, None, values["starts_on"], values["due_on"])
    _check_trainer(session, trainer, trainee, process, values["starts_on"])
    plan = TrainingPlan(
        supplier_id=supplier_id,
        trainee_id=trainee.id,
        trainer_id=trainer.id,
        process_id=process.id,
        from_level=from_level,
        target_level=values["target_level"],
        starts_on=values["starts_on"],
        due_on=values["due_on"],
        notes=values.get("notes") or "",
        status="planned",
    )
    session.add(plan)
    session.flush()
    audit.record(
        session,
        supplier_id,
        user_id,
        "create",
        "plan",
        plan.id,
        {
            "trainee": trainee.name,
            "trainer": trainer.name,
            "process": process.code,
            "from_level": from_level,
            "target_level": plan.target_level,
            "starts_on": plan.starts_on,
            "due_on": plan.due_on,
        },
    )
    return plan


EDITABLE = ("trainer_id", "target_level", "starts_on", "due_on")


def update_plan(session: Session, plan: TrainingPlan, user_id: int | None, values: dict[str, Any]) -> None:
    """Change an open plan's trainer, target, dates or notes, checking the rules again."""
    if not plan.is_open:
        raise Refused("", "plan_closed")
    trainer = _own(session, Engineer, values["trainer_id"], plan.supplier_id, "trainer_id")
    _check_target(plan.from_level, values["target_level"])
    _check_schedule(session, plan.id, values["starts_on"], values["due_on"])
    _check_trainer(session, trainer, plan.trainee, plan.process, values["starts_on"])
    changes = audit.diff(
        plan, {name: values[name] for name in EDITABLE} | {"notes": values.get("notes") or ""}
    )
    if changes:
        if "trainer_id" in changes:
            changes["trainer"] = trainer.name
        audit.record(session, plan.supplier_id, user_id, "update", "plan", plan.id, changes)


def _set_status(session: Session, plan: TrainingPlan, user_id: int | None, status: str) -> None:
    changes = audit.diff(plan, {"status": status})
    audit.record(session, plan.supplier_id, user_id, "update", "plan", plan.id, changes)


def target_reached(session: Session, plan: TrainingPlan) -> bool:
    """True when the trainee's current level is at or above the plan's target."""
    return current_level(session, plan.trainee_id, plan.process_id) >= plan.target_level


def start_plan(session: Session, plan: TrainingPlan, user_id: int | None) -> None:
    """Mark a planned plan as in progress."""
    if plan.status != "planned":
        raise Refused("", "not_planned")
    _set_status(session, plan, user_id, "in_progress")


def close_plan(session: Session, plan: TrainingPlan, user_id: int | None) -> None:
    """Close an open plan as done; only once the trainee has been assessed at the target level."""
    if not plan.is_open:
        raise Refused("", "plan_closed")
    if not target_reached(session, plan):
        raise Refused("", "target_not_reached", level=plan.target_level)
    _set_status(session, plan, user_id, "done")


def cancel_plan(session: Session, plan: TrainingPlan, user_id: int | None) -> None:
    """Cancel an open plan; its sessions and any levels assessed stay in the history."""
    if not plan.is_open:
        raise Refused("", "plan_closed")
    _set_status(session, plan, user_id, "cancelled")


# --- sessions -------------------------------------------------------------------


def log_session(
    session: Session, plan: TrainingPlan, user_id: int | None, values: dict[str, Any], today: date
) -> tuple[TrainingSession, bool]:
    """Log a session of an open plan; returns it and whether the trainee now meets the target.

    `values`: held_on, hours, content, level_assessed (or None), assessor. The session counts
    as practice on the process; an assessed level is recorded as an assessment dated the
    session day. The first session moves a planned plan to in progress.
    """
    if not plan.is_open:
        raise Refused("", "plan_closed")
    held_on, hours, level = values["held_on"], values["hours"], values.get("level_assessed")
    if held_on < plan.starts_on:
        raise Refused("held_on", "before_plan", day=plan.starts_on)
    if held_on > today:
        raise Refused("held_on", "in_future")
    if hours is None or not 0 < hours <= MAX_HOURS:
        raise Refused("hours", "hours_range")
    if level is not None and level not in range(TRAINER_LEVEL + 1):
        raise Refused("level_assessed", "level_range")
    assessor = (values.get("assessor") or "").strip() if level is not None else ""
    content = (values.get("content") or "").strip()
    row = TrainingSession(
        supplier_id=plan.supplier_id,
        plan_id=plan.id,
        held_on=held_on,
        hours=hours,
        content=content,
        level_assessed=level,
        assessor=assessor,
    )
    if level is not None:
        assessment = record_assessment(
            session,
            plan.trainee,
            plan.process,
            level,
            held_on,
            assessor=assessor,
            evidence=content,
            user_id=user_id,
        )
        row.assessment_id = assessment.id
    record_practice(session, plan.trainee_id, plan.process_id, held_on)
    session.add(row)
    session.flush()
    audit.record(
        session,
        plan.supplier_id,
        user_id,
        "create",
        "session",
        row.id,
        {"plan": plan.id, "held_on": held_on, "hours": hours, "level_assessed": level},
    )
    if plan.status == "planned":
        _set_status(session, plan, user_id, "in_progress")
    return row, target_reached(session, plan)


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


def trainer_load(session: Session, supplier_id: int, on: date, limit: int) -> list[TrainerLoad]:
    """Every active level-4 engineer and every trainer with open plans, busiest first."""
    carried = dict(
        session.execute(
            select(TrainingPlan.trainer_id, func.count())
            .where(TrainingPlan.supplier_id == supplier_id, TrainingPlan.is_open)
            .group_by(TrainingPlan.trainer_id)
        ).all()
    )
    teaching: dict[int, list[str]] = {}
    who = teachers(Process.supplier_id == supplier_id, on).subquery("teachers")
    rows = select(who.c.engineer_id, Process.code).join(Process, Process.id == who.c.process_id)
    for engineer_id, code in session.execute(rows.order_by(Process.code)):
        teaching.setdefault(engineer_id, []).append(code)
    ids = set(carried) | set(teaching)
    engineers = session.scalars(
        select(Engineer).where(and_(Engineer.supplier_id == supplier_id, Engineer.id.in_(ids)))
    )
    loads = [TrainerLoad(e, tuple(teaching.get(e.id, ())), carried.get(e.id, 0), limit) for e in engineers]
    return sorted(loads, key=lambda load: (-load.open_plans, load.engineer.name, load.engineer.id))
