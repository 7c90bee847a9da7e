"""What needs a supplier's attention now: certificates and certified levels expiring, overdue
plans, uncovered processes, key persons about to retire, overloaded trainers, processes nobody
can teach.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import scoring
from tracker.certificates.service import expiring
from tracker.models import Certificate, CurrentLevel, Engineer, Process, TrainingPlan
from tracker.scoring_sql import Scored, score_processes
from tracker.tenancy import Scope, owns, scoped
from tracker.training.queries import TrainerLoad, trainer_load

EXPIRY_WARNING_DAYS = 60


@dataclass(frozen=True)
class Certification:
    engineer: Engineer
    process: Process
    level: int
    expires_on: date

    def expired(self, today: date) -> bool:
        return self.expires_on <= today


@dataclass(frozen=True)
class Retiring:
    """A key person retiring within the scoring horizon, and the processes that hang on them."""

    engineer: Engineer
    processes: tuple[Process, ...]


@dataclass
class Alerts:
    today: date
    certificates: list[tuple[Certificate, Engineer]] = field(default_factory=list)
    certifications: list[Certification] = field(default_factory=list)
    overdue: list[TrainingPlan] = field(default_factory=list)
    critical: list[Scored] = field(default_factory=list)
    retiring: list[Retiring] = field(default_factory=list)
    overloaded: list[TrainerLoad] = field(default_factory=list)
    untaught: list[Scored] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(
            len(group)
            for group in (
                self.certificates,
                self.certifications,
                self.overdue,
                self.critical,
                self.retiring,
                self.overloaded,
                self.untaught,
            )
        )


def certifications(
    session: Session, scope: Scope, today: date, warning_days: int = EXPIRY_WARNING_DAYS
) -> list[Certification]:
    """Current levels whose certification expired or expires within `warning_days` (engineers not left)."""
    rows = session.execute(
        select(CurrentLevel, Engineer, Process)
        .join(Engineer, Engineer.id == CurrentLevel.engineer_id)
        .join(Process, Process.id == CurrentLevel.process_id)
        .where(
            owns(scope, CurrentLevel),
            CurrentLevel.level > 0,
            CurrentLevel.expires_on.is_not(None),
            CurrentLevel.expires_on <= today + timedelta(days=warning_days),
            Engineer.status != "left",
        )
        .order_by(CurrentLevel.expires_on, Engineer.name, Process.code)
    )
    return [Certification(e, p, c.level, c.expires_on) for c, e, p in rows]


def overdue_plans(session: Session, scope: Scope, today: date) -> list[TrainingPlan]:
    """Open plans past their due date, the longest overdue first."""
    return list(
        session.scalars(
            scoped(scope, TrainingPlan)
            .where(TrainingPlan.is_overdue(today))
            .order_by(TrainingPlan.due_on, TrainingPlan.id)
        )
    )


def retiring_key_persons(
    session: Session, scored: list[Scored], today: date, horizon: float
) -> list[Retiring]:
    """Key persons of any process whose retirement falls within `horizon` years, soonest first."""
    key: dict[int, list[Process]] = {}
    for item in scored:
        for engineer_id in item.score.key_persons:
            key.setdefault(engineer_id, []).append(item.process)
    if not key:
        return []
    limit = today + timedelta(days=round(horizon * scoring.DAYS_PER_YEAR))
    engineers = session.scalars(
        select(Engineer)
        .where(
            Engineer.id.in_(key),
            Engineer.retires_on.is_not(None),
            Engineer.retires_on > today,
            Engineer.retires_on <= limit,
        )
        .order_by(Engineer.retires_on, Engineer.name)
    )
    return [Retiring(e, tuple(key[e.id])) for e in engineers]


def build_alerts(
    session: Session, scope: Scope, today: date, *, horizon: float, trainer_limit: int
) -> Alerts:
    """Everything on the supplier's alerts page on `today`."""
    scored = score_processes(session, owns(scope, Process), today, horizon=horizon)
    return Alerts(
        today=today,
        certificates=expiring(session, scope, today, EXPIRY_WARNING_DAYS),
        certifications=certifications(session, scope, today),
        overdue=overdue_plans(session, scope, today),
        critical=[item for item in scored if item.score.band == "critical"],
        retiring=retiring_key_persons(session, scored, today, horizon),
        overloaded=[load for load in trainer_load(session, scope, today, trainer_limit) if load.over],
        untaught=[item for item in scored if item.process.is_critical and item.score.trainers == 0],
    )
