"""A supplier's engineers: the list and its filters, registering and changing records, and the
dated history of their status.

Every function takes the acting organization's `Scope`; writes add their audit event and leave
the commit to the caller.

A status change is dated and written as an `EngineerStatusPeriod` (on leave from-to, left on),
recorded as it happens, never ahead: every date is on or before today, and a leave that is still
running has no end date yet (it ends when the engineer is set active again, with the day they
came back). So no period starts or ends after today, and `Engineer.status`, today's status, is
the periods' status on today (`models.people.status_on`) until the next change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, or_
from sqlalchemy.orm import Session

from tracker.audit import service as audit
from tracker.models import CurrentLevel, Engineer, EngineerStatusPeriod, Process
from tracker.models.people import ENGINEER_STATUSES, status_on
from tracker.refusals import Refused
from tracker.tenancy import Scope, owner_scope, scoped

SORTS = {  # the engineer list's orders: the column, then the name and id for a stable order
    "name": Engineer.name,
    "site": Engineer.site,
    "hired_on": Engineer.hired_on,
    "retires_on": Engineer.retires_on,
}


def known_sort(sort: str) -> str:
    """`sort` when it names an order of the engineer list (see `SORTS`), else "name"."""
    return sort if sort.removeprefix("-") in SORTS else "name"


def listing(scope: Scope, *, q: str = "", site: str = "", status: str = "", sort: str = "name") -> Select:
    """The engineers matching a search on name or code, a site and a status, in the order `sort`
    (a key of `SORTS`, with a leading "-" for descending; unknown: by name). Engineers without
    the date sorted on come last either way."""
    sort = known_sort(sort)
    column = SORTS[sort.removeprefix("-")]
    key = column.desc() if sort.startswith("-") else column.asc()
    statement = scoped(scope, Engineer).order_by(column.is_(None), key, Engineer.name, Engineer.id)
    if q:
        pattern = f"%{q}%"
        statement = statement.where(or_(Engineer.name.ilike(pattern), Engineer.employee_code.ilike(pattern)))
    if site:
        statement = statement.where(Engineer.site == site)
    if status in ENGINEER_STATUSES:
        statement = statement.where(Engineer.status == status)
    return statement


def sites(session: Session, scope: Scope) -> list[str]:
    """The supplier's sites, for filters."""
    statement = scoped(scope, Engineer, Engineer.site).where(Engineer.site != "").distinct()
    return list(session.scalars(statement.order_by(Engineer.site)))


def current_levels(session: Session, scope: Scope, engineer: Engineer) -> list[tuple[CurrentLevel, Process]]:
    """The engineer's current levels with their processes, by process code."""
    return list(
        session.execute(
            scoped(scope, CurrentLevel, CurrentLevel, Process)
            .join(Process, Process.id == CurrentLevel.process_id)
            .where(CurrentLevel.engineer_id == engineer.id)
            .order_by(Process.code)
        )
    )


def _check_code(session: Session, scope: Scope, code: str, engineer_id: int | None) -> None:
    clash = session.scalar(
        scoped(scope, Engineer, Engineer.id).where(
            Engineer.employee_code == code, Engineer.id != (engineer_id or 0)
        )
    )
    if clash is not None:
        raise Refused("duplicate_employee_code", "employee_code", code=code)


@dataclass(frozen=True)
class StatusChange:
    """A dated status: 'leave' from `starts_on` (to `ends_on`, the last day of a leave that has
    ended), 'left' on `starts_on`, or 'active' again from `starts_on` (the day they came back)."""

    status: str
    starts_on: date
    ends_on: date | None = None

    def audited(self) -> dict[str, Any]:
        """The change's dates for the audit trail."""
        dates = {"status_from": self.starts_on}
        return dates | ({"status_to": self.ends_on} if self.ends_on else {})


def _check_change(change: StatusChange, today: date) -> None:
    if change.starts_on > today:
        raise Refused("status_in_future", "status_from", today=today)
    if change.ends_on is None:
        return
    if change.status != "leave":
        raise Refused("status_end_not_leave", "status_to")
    if change.ends_on < change.starts_on:
        raise Refused("status_ends_before_start", "status_to", starts=change.starts_on)
    if change.ends_on > today:
        raise Refused("status_in_future", "status_to", today=today)
    if change.ends_on == today:
        raise Refused("leave_still_running", "status_to")


def _apply_status(session: Session, engineer: Engineer, change: StatusChange, today: date | None) -> None:
    """Write the dated change as periods; refused where it overlaps a recorded one.

    A period still open on the change's first day ends the day before (leave, then left; or
    back to active); any other overlap is refused, since the history is kept as recorded.
    """
    if today is None:
        raise TypeError("a status change needs today's date")
    _check_change(change, today)
    periods = status_history(session, owner_scope(engineer), engineer)
    last = change.ends_on or today
    for period in periods:
        open_then = period.ends_on is None and period.starts_on < change.starts_on
        if open_then:
            period.ends_on = change.starts_on - timedelta(days=1)
        elif period.starts_on <= last and (period.ends_on is None or period.ends_on >= change.starts_on):
            raise Refused("status_overlap", "status_from", status=period.status, starts=period.starts_on)
    if change.status != "active":
        added = EngineerStatusPeriod.of(engineer, change.status, change.starts_on, change.ends_on)
        session.add(added)
        periods.append(added)
    engineer.status = status_on(periods, today)
    session.flush()
    session.expire(engineer, ["periods"])


def status_history(session: Session, scope: Scope, engineer: Engineer) -> list[EngineerStatusPeriod]:
    """The engineer's dated leave and left periods, the latest first."""
    return list(
        session.scalars(
            scoped(scope, EngineerStatusPeriod)
            .where(EngineerStatusPeriod.engineer_id == engineer.id)
            .order_by(EngineerStatusPeriod.starts_on.desc(), EngineerStatusPeriod.id.desc())
        )
    )


def create_engineer(
    session: Session,
    scope: Scope,
    user_id: int | None,
    values: dict[str, Any],
    change: StatusChange | None = None,
    *,
    today: date | None = None,
) -> Engineer:
    """Add an engineer, active unless the dated status `change` (given with `today`) says
    otherwise; refused when another has the employee code or the change's dates are wrong. The
    caller commits."""
    _check_code(session, scope, values["employee_code"], None)
    engineer = Engineer(supplier_id=scope.organization_id, **values, status="active")
    session.add(engineer)
    session.flush()
    details = dict(values)
    if change is not None and change.status != "active":
        _apply_status(session, engineer, change, today)
        details |= {"status": engineer.status} | change.audited()
    audit.record(session, scope.organization_id, user_id, "create", "engineer", engineer.id, details)
    return engineer


def update_engineer(
    session: Session,
    engineer: Engineer,
    user_id: int | None,
    values: dict[str, Any],
    change: StatusChange | None = None,
    *,
    today: date | None = None,
) -> None:
    """Change an engineer's record and, with `change` (given with `today`), date a status change;
    refused when another has the employee code or the change's dates are wrong. The caller commits.

    `values` carries no status: the status changes only through a dated `change`.
    """
    _check_code(session, owner_scope(engineer), values["employee_code"], engineer.id)
    before = engineer.status
    changes = audit.diff(engineer, values)
    if change is not None and (change.status != before or change.ends_on is not None):
        _apply_status(session, engineer, change, today)
        changes |= {"status": [before, engineer.status]} | change.audited()
    if changes:
        audit.record(session, engineer.supplier_id, user_id, "update", "engineer", engineer.id, changes)


def active_engineers(session: Session, scope: Scope, *, include_leave: bool = True) -> list[Engineer]:
    """The engineers who have not left (with `include_leave=False`: the active ones), by name."""
    statement = scoped(scope, Engineer).where(Engineer.status != "left")
    if not include_leave:
        statement = statement.where(Engineer.status == "active")
    return list(session.scalars(statement.order_by(Engineer.name, Engineer.id)))
