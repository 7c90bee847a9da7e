"""Recording skill levels: the append-only history and the current level beside it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker import scoring
from tracker.audit import service as audit
from tracker.models import Assessment, CurrentLevel, Engineer, Process, TrainingPlan, TrainingSession
from tracker.models.skills import LEVELS
from tracker.refusals import Refused
from tracker.tenancy import Scope, scoped


def record_assessment(
    session: Session,
    engineer: Engineer,
    process: Process,
    level: int,
    assessed_on: date,
    *,
    assessor: str = "",
    evidence: str = "",
    expires_on: date | None = None,
    user_id: int | None = None,
) -> Assessment:
    """Append an assessment and update the current level in the same transaction.

    The current level follows the latest assessment by date; a back-dated assessment
    joins the history without replacing a newer current level. The caller commits.
    """
    if engineer.supplier_id != process.supplier_id:
        raise Refused("other_supplier")
    if level not in LEVELS:
        raise Refused("level_range", "level")
    assessment = Assessment(
        supplier_id=engineer.supplier_id,
        engineer_id=engineer.id,
        process_id=process.id,
        level=level,
        assessed_on=assessed_on,
        assessor=assessor,
        evidence=evidence,
        expires_on=expires_on,
        recorded_by_id=user_id,
    )
    session.add(assessment)
    session.flush()
    current = session.get(CurrentLevel, (engineer.id, process.id))
    if current is None:
        session.add(
            CurrentLevel(
                engineer_id=engineer.id,
                process_id=process.id,
                supplier_id=engineer.supplier_id,
                assessment_id=assessment.id,
                level=level,
                assessed_on=assessed_on,
                expires_on=expires_on,
                practised_on=assessed_on,
            )
        )
    else:
        if assessed_on >= current.assessed_on:
            current.assessment_id = assessment.id
            current.level = level
            current.assessed_on = assessed_on
            current.expires_on = expires_on
        current.practised_on = max(filter(None, (current.practised_on, assessed_on)))
    audit.record(
        session,
        engineer.supplier_id,
        user_id,
        "assess",
        "level",
        assessment.id,
        {"engineer": engineer.name, "process": process.code, "level": level},
    )
    return assessment


def current_level(session: Session, engineer_id: int, process_id: int) -> CurrentLevel | None:
    """The engineer's current level on the process (a pair already read within the scope)."""
    return session.get(CurrentLevel, (engineer_id, process_id))


def history(session: Session, scope: Scope, engineer: Engineer, process: Process) -> list[Assessment]:
    """Every assessment of the engineer on the process, the latest first."""
    return list(
        session.scalars(
            scoped(scope, Assessment)
            .where(Assessment.engineer_id == engineer.id, Assessment.process_id == process.id)
            .order_by(Assessment.assessed_on.desc(), Assessment.id.desc())
        )
    )


def level_on(session: Session, engineer_id: int, process_id: int, on: date) -> Assessment | None:
    """The latest assessment of the engineer on the process made on or before `on`."""
    return session.scalar(
        select(Assessment)
        .where(
            Assessment.engineer_id == engineer_id,
            Assessment.process_id == process_id,
            Assessment.assessed_on <= on,
        )
        .order_by(Assessment.assessed_on.desc(), Assessment.id.desc())
        .limit(1)
    )


def holder_on(session: Session, engineer: Engineer, process: Process, on: date) -> scoring.Holder | None:
    """The engineer as a holder of the process on `on`, from the history; None without a level then.

    The level and expiry are those of the latest assessment on or before `on`; the last practice
    is the latest assessment or logged training session (as trainee) on or before `on`.
    """
    assessment = level_on(session, engineer.id, process.id, on)
    if assessment is None:
        return None
    session_day = session.scalar(
        select(func.max(TrainingSession.held_on))
        .join(TrainingPlan, TrainingPlan.id == TrainingSession.plan_id)
        .where(
            TrainingPlan.trainee_id == engineer.id,
            TrainingPlan.process_id == process.id,
            TrainingSession.held_on <= on,
        )
    )
    return scoring.Holder(
        engineer_id=engineer.id,
        level=assessment.level,
        expires_on=assessment.expires_on,
        retires_on=engineer.retires_on,
        active=engineer.active_on(on),
        practised_on=max(filter(None, (assessment.assessed_on, session_day))),
    )


def record_practice(session: Session, engineer_id: int, process_id: int, on: date) -> None:
    """Note practice on a process (a logged training session); moves `practised_on` forward."""
    current = session.get(CurrentLevel, (engineer_id, process_id))
    if current is not None and (current.practised_on is None or on > current.practised_on):
        current.practised_on = on
