"""Recording skill levels: the append-only history and the current level beside it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from tracker import scoring
from tracker.audit import service as audit
from tracker.heatmap.stored import SUPPLIERS_OPTION
from tracker.models import (
    Assessment,
    AuditEvent,
    CurrentLevel,
    Engineer,
    Process,
    TrainingPlan,
    TrainingSession,
)
from tracker.models.skills import LEVELS
from tracker.refusals import Refused
from tracker.scoring_sql import certify_holders
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
                peak_level=level,
            )
        )
    else:
        if assessed_on >= current.assessed_on:
            current.assessment_id = assessment.id
            current.level = level
            current.assessed_on = assessed_on
            current.expires_on = expires_on
        current.practised_on = max(filter(None, (current.practised_on, assessed_on)))
        current.peak_level = max(current.peak_level, level)
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


class NewAssessment(NamedTuple):
    """One level to record with `record_assessments`; the names are those the audit trail keeps."""

    engineer_id: int
    process_id: int
    level: int
    engineer_name: str
    process_code: str


def record_assessments(
    session: Session,
    supplier_id: int,
    items: Sequence[NewAssessment],
    assessed_on: date,
    *,
    assessor: str = "",
    evidence: str = "",
    user_id: int | None = None,
) -> int:
    """`record_assessment` for many pairs of one supplier at once, by set-based statements.

    The same rule: each item appends an assessment and an audit event; the current level follows
    it unless a newer one is recorded; the last practice moves forward. The engineers and
    processes must be the supplier's (the caller has read them within its scope), each pair once.
    The stored scores are marked for this supplier only. The caller commits. Returns the count.
    """
    if any(item.level not in LEVELS for item in items):
        raise Refused("level_range", "level")
    if not items:
        return 0
    session.flush()
    only_this = {SUPPLIERS_OPTION: frozenset({supplier_id})}
    common = {"supplier_id": supplier_id, "assessed_on": assessed_on, "assessor": assessor,
              "evidence": evidence, "expires_on": None, "recorded_by_id": user_id}  # fmt: skip
    ids = session.scalars(
        insert(Assessment).returning(Assessment.id, sort_by_parameter_order=True),
        [
            common | {"engineer_id": i.engineer_id, "process_id": i.process_id, "level": i.level}
            for i in items
        ],
    ).all()
    current = {
        (row.engineer_id, row.process_id): row
        for row in session.execute(
            select(CurrentLevel.engineer_id, CurrentLevel.process_id, CurrentLevel.assessed_on,
                   CurrentLevel.practised_on, CurrentLevel.peak_level)
            .where(CurrentLevel.supplier_id == supplier_id)
        )
    }  # fmt: skip
    new_rows, updates = [], []
    for item, assessment_id in zip(items, ids, strict=True):
        found = current.get((item.engineer_id, item.process_id))
        if found is None:
            new_rows.append(
                {
                    "engineer_id": item.engineer_id,
                    "process_id": item.process_id,
                    "supplier_id": supplier_id,
                    "assessment_id": assessment_id,
                    "level": item.level,
                    "assessed_on": assessed_on,
                    "expires_on": None,
                    "practised_on": assessed_on,
                    "peak_level": item.level,
                }
            )
            continue
        values = {
            "engineer_id": item.engineer_id,
            "process_id": item.process_id,
            "practised_on": max(filter(None, (found.practised_on, assessed_on))),
            "peak_level": max(found.peak_level, item.level),
        }
        if assessed_on >= found.assessed_on:
            values |= {
                "assessment_id": assessment_id,
                "level": item.level,
                "assessed_on": assessed_on,
                "expires_on": None,
            }
        updates.append(values)  # fmt: skip
    if new_rows:
        session.execute(insert(CurrentLevel).execution_options(**only_this), new_rows)
    for keys in {frozenset(values) for values in updates}:
        same = [values for values in updates if frozenset(values) == keys]
        session.execute(update(CurrentLevel).execution_options(**only_this), same)
    session.execute(
        insert(AuditEvent),
        [{"organization_id": supplier_id, "user_id": user_id, "action": "assess", "entity": "level",
          "entity_id": assessment_id,
          "changes": {"engineer": item.engineer_name, "process": item.process_code, "level": item.level}}
         for item, assessment_id in zip(items, ids, strict=True)],
    )  # fmt: skip
    session.expire_all()
    return len(items)


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

    The level and expiry are those of the latest assessment on or before `on` (the expiry
    brought forward by a required certificate, `scoring_sql.certify_holders`); the last practice
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
    holder = scoring.Holder(
        engineer_id=engineer.id,
        level=assessment.level,
        expires_on=assessment.expires_on,
        retires_on=engineer.retires_on,
        active=engineer.active_on(on),
        practised_on=max(filter(None, (assessment.assessed_on, session_day))),
    )
    return certify_holders(session, {process.id: [holder]}, on)[process.id][0]


def record_practice(session: Session, engineer_id: int, process_id: int, on: date) -> None:
    """Note practice on a process (a logged training session); moves `practised_on` forward."""
    current = session.get(CurrentLevel, (engineer_id, process_id))
    if current is not None and (current.practised_on is None or on > current.practised_on):
        current.practised_on = on
