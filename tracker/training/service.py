"""Training plans and the sessions logged against them: the rules, the writes, trainer load.

Every write adds its audit event; the caller commits. A refused change raises
`tracker.refusals.Refused` (a rule code, the field concerned, the details) and writes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker import tenancy
from tracker.audit import service as audit
from tracker.models import Engineer, Process, TrainingPlan, TrainingSession
from tracker.models._types import utcnow
from tracker.models.skills import LEVELS
from tracker.refusals import Refused
from tracker.scoring import TRAINER_LEVEL
from tracker.skills.service import record_assessment, record_practice
from tracker.tenancy import NotFound, Scope, owner_scope
from tracker.training.queries import can_train, current_level, open_plan

MAX_HOURS = 24


# --- plans --------------------------------------------------------------------


def _own(session: Session, scope: Scope, model: type, record_id: Any, field: str):
    try:
        return tenancy.get(session, scope, model, record_id)
    except NotFound:
        raise Refused("not_own_process" if model is Process else "not_own_engineer", field) from None


def _check_schedule(session: Session, plan_id: int | None, starts_on: date, due_on: date) -> None:
    if due_on < starts_on:
        raise Refused("due_before_start", "due_on")
    if plan_id is not None:
        first = session.scalar(
            select(func.min(TrainingSession.held_on)).where(TrainingSession.plan_id == plan_id)
        )
        if first is not None and first < starts_on:
            raise Refused("start_after_session", "starts_on", first=first)


def _check_trainer(
    session: Session, trainer: Engineer, trainee: Engineer, process: Process, starts_on: date
) -> None:
    if trainer.id == trainee.id:
        raise Refused("trainee_is_trainer", "trainer_id")
    if not can_train(session, trainer, process, starts_on):
        raise Refused(
            "trainer_not_o", "trainer_id", trainer=trainer.name, process=process.code, day=starts_on
        )


def _check_target(from_level: int, target_level: Any) -> None:
    if not isinstance(target_level, int) or not from_level < target_level <= TRAINER_LEVEL:
        raise Refused("target_not_above", "target_level", level=from_level)


def create_plan(session: Session, scope: Scope, user_id: int | None, values: dict[str, Any]) -> TrainingPlan:
    """Open a plan after checking every rule; from-level is the trainee's current level.

    `values`: trainee_id, trainer_id, process_id, target_level, starts_on, due_on, notes.
    """
    trainee = _own(session, scope, Engineer, values["trainee_id"], "trainee_id")
    process = _own(session, scope, Process, values["process_id"], "process_id")
    trainer = _own(session, scope, Engineer, values["trainer_id"], "trainer_id")
    if trainee.status == "left":
        raise Refused("trainee_left", "trainee_id", trainee=trainee.name)
    if trainer.id == trainee.id:
        raise Refused("trainee_is_trainer", "trainer_id")
    existing = open_plan(session, trainee.id, process.id)
    if existing is not None:
        raise Refused(
            "already_open", "trainee_id", trainee=trainee.name, process=process.code, due=existing.due_on
        )
    from_level = current_level(session, trainee.id, process.id)
    _check_target(from_level, values["target_level"])
    _check_schedule(session, None, values["starts_on"], values["due_on"])
    _check_trainer(session, trainer, trainee, process, values["starts_on"])
    plan = TrainingPlan(
        supplier_id=scope.organization_id,
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
        scope.organization_id,
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
        raise Refused("plan_closed")
    trainer = _own(session, owner_scope(plan), Engineer, values["trainer_id"], "trainer_id")
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
    if not plan.is_open:
        plan.closed_at = utcnow()
    audit.record(session, plan.supplier_id, user_id, "update", "plan", plan.id, changes)


def target_reached(session: Session, plan: TrainingPlan) -> bool:
    """True when the trainee's current level is at or above the plan's target."""
    return current_level(session, plan.trainee_id, plan.process_id) >= plan.target_level


def start_plan(session: Session, plan: TrainingPlan, user_id: int | None) -> None:
    """Mark a planned plan as in progress."""
    if plan.status != "planned":
        raise Refused("not_planned")
    _set_status(session, plan, user_id, "in_progress")


def close_plan(session: Session, plan: TrainingPlan, user_id: int | None) -> None:
    """Close an open plan as done; only once the trainee has been assessed at the target level."""
    if not plan.is_open:
        raise Refused("plan_closed")
    if not target_reached(session, plan):
        raise Refused("target_not_reached", level=plan.target_level)
    _set_status(session, plan, user_id, "done")


def cancel_plan(session: Session, plan: TrainingPlan, user_id: int | None) -> None:
    """Cancel an open plan; its sessions and any levels assessed stay in the history."""
    if not plan.is_open:
        raise Refused("plan_closed")
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
        raise Refused("plan_closed")
    held_on, hours, level = values["held_on"], values["hours"], values.get("level_assessed")
    if held_on < plan.starts_on:
        raise Refused("before_plan", "held_on", day=plan.starts_on)
    if held_on > today:
        raise Refused("in_future", "held_on")
    if hours is None or not 0 < hours <= MAX_HOURS:
        raise Refused("hours_range", "hours")
    if level is not None and level not in LEVELS:
        raise Refused("level_range", "level_assessed")
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
