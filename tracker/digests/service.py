"""What a supplier user's daily digest says: what changed since the last one was sent.

- certificates (技能検定, licences) and certifications (a level's own expiry) reaching 90, 60, 30
  or 7 days before expiry, or expiring;
- training plans that became overdue (and how many are overdue in all);
- processes that became critical (their band as of the last digest against today's, by the
  same scoring replayed on that date);
- the supplier's open action items from partner meetings due within a week or overdue.

Each reminder comes once: a threshold is reported when it falls after the day of the last digest
and on or before today, so a day the digest did not run is caught up the next. No Flask here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import Session

from tracker.alerts.service import Certification, certifications, overdue_plans
from tracker.certificates import service as certificates
from tracker.models import ActionItem, Certificate, Engineer, Process, TrainingPlan
from tracker.scoring_sql import Scored, score_processes
from tracker.tenancy import Scope, own_actions, owns

REMINDER_DAYS = (90, 60, 30, 7, 0)
"""Days before an expiry on which the digest reminds of it (0: the day it expires)."""
ACTIONS_AHEAD_DAYS = 7


@dataclass(frozen=True)
class Reminder:
    """A certification reaching one of the reminder days."""

    certification: Certification
    days_left: int


@dataclass(frozen=True)
class CertificateReminder:
    """An engineer's certificate reaching one of the reminder days."""

    certificate: Certificate
    engineer: Engineer
    days_left: int


@dataclass
class Digest:
    today: date
    since: date
    certificates: list[CertificateReminder] = field(default_factory=list)
    expiring: list[Reminder] = field(default_factory=list)
    newly_overdue: list[TrainingPlan] = field(default_factory=list)
    overdue_total: int = 0
    became_critical: list[Scored] = field(default_factory=list)
    actions_due: list[ActionItem] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.certificates
            or self.expiring
            or self.newly_overdue
            or self.became_critical
            or self.actions_due
        )


def reminder_day(expires_on: date, since: date, today: date) -> int | None:
    """The reminder day (days before `expires_on`) that falls after `since` and by `today`, the
    nearest to the expiry when several do; None when none does."""
    due = [days for days in REMINDER_DAYS if since < expires_on - timedelta(days=days) <= today]
    return min(due, default=None)


def build(session: Session, scope: Scope, today: date, since: date, *, horizon: float) -> Digest:
    """The digest of the supplier `scope` for `today`, with what changed after `since`."""
    digest = Digest(today=today, since=since)
    ahead = max(REMINDER_DAYS)
    for certificate, engineer in certificates.expiring(session, scope, today, within_days=ahead):
        days = reminder_day(certificate.expires_on, since, today)
        if days is not None:
            digest.certificates.append(CertificateReminder(certificate, engineer, days))
    for certification in certifications(session, scope, today, warning_days=ahead):
        days = reminder_day(certification.expires_on, since, today)
        if days is not None:
            digest.expiring.append(Reminder(certification, days))
    overdue = overdue_plans(session, scope, today)
    digest.overdue_total = len(overdue)
    digest.newly_overdue = [plan for plan in overdue if plan.due_on >= since]
    then = {
        item.process.id: item.score.band
        for item in score_processes(session, owns(scope, Process), since, horizon=horizon, history=True)
    }
    now = score_processes(session, owns(scope, Process), today, horizon=horizon)
    digest.became_critical = [
        item
        for item in now
        if item.process.is_critical
        and item.score.band == "critical"
        and then.get(item.process.id) != "critical"
    ]
    digest.actions_due = list(
        session.scalars(
            own_actions(scope)
            .where(
                ActionItem.status == "open",
                ActionItem.due_on.is_not(None),
                ActionItem.due_on <= today + timedelta(days=ACTIONS_AHEAD_DAYS),
            )
            .order_by(ActionItem.due_on, ActionItem.id)
        )
    )
    return digest
