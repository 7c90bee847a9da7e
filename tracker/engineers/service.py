"""A supplier's engineers: the list and its filters, registering and changing records.

Every function takes the acting organization's `Scope`; writes add their audit event and leave
the commit to the caller.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, or_
from sqlalchemy.orm import Session

from tracker.audit import service as audit
from tracker.models import CurrentLevel, Engineer, Process
from tracker.models.people import ENGINEER_STATUSES
from tracker.refusals import Refused
from tracker.tenancy import Scope, owner_scope, scoped


def listing(scope: Scope, *, q: str = "", site: str = "", status: str = "") -> Select:
    """The engineers matching a search on name or code, a site and a status, by name."""
    statement = scoped(scope, Engineer).order_by(Engineer.name, Engineer.id)
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


def create_engineer(session: Session, scope: Scope, user_id: int | None, values: dict[str, Any]) -> Engineer:
    """Add an engineer; refused when another has the employee code. The caller commits."""
    _check_code(session, scope, values["employee_code"], None)
    engineer = Engineer(supplier_id=scope.organization_id, **values)
    session.add(engineer)
    session.flush()
    audit.record(session, scope.organization_id, user_id, "create", "engineer", engineer.id, values)
    return engineer


def update_engineer(
    session: Session, engineer: Engineer, user_id: int | None, values: dict[str, Any]
) -> None:
    """Change an engineer's record; refused when another has the employee code. The caller commits."""
    _check_code(session, owner_scope(engineer), values["employee_code"], engineer.id)
    changes = audit.diff(engineer, values)
    if changes:
        audit.record(session, engineer.supplier_id, user_id, "update", "engineer", engineer.id, changes)


def active_engineers(session: Session, scope: Scope, *, include_leave: bool = True) -> list[Engineer]:
    """The engineers who have not left (with `include_leave=False`: the active ones), by name."""
    statement = scoped(scope, Engineer).where(Engineer.status != "left")
    if not include_leave:
        statement = statement.where(Engineer.status == "active")
    return list(session.scalars(statement.order_by(Engineer.name, Engineer.id)))

