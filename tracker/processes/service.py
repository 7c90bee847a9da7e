"""A supplier's critical processes: the list and its filters, creating and changing them.

Every function takes the acting organization's `Scope`; writes add their audit event and leave
the commit to the caller.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from tracker.audit import service as audit
from tracker.models import Process, ProcessCategory
from tracker.models.processes import CRITICALITIES, default_required
from tracker.refusals import Refused
from tracker.tenancy import Scope, owner_scope, scoped


def listing(scope: Scope, *, category_id: int | None = None, criticality: str = "") -> Select:
    """The processes of one category and criticality (both optional), by code."""
    statement = scoped(scope, Process).order_by(Process.code)
    if category_id:
        statement = statement.where(Process.category_id == category_id)
    if criticality in CRITICALITIES:
        statement = statement.where(Process.criticality == criticality)
    return statement


def all_processes(session: Session, scope: Scope) -> list[Process]:
    """Every process of the supplier, by code."""
    return list(session.scalars(listing(scope)))


def categories(session: Session) -> list[ProcessCategory]:
    """The shared taxonomy, in its order (not tenant data)."""
    return list(session.scalars(select(ProcessCategory).order_by(ProcessCategory.position)))


def _prepare(session: Session, scope: Scope, values: dict[str, Any], process_id: int | None) -> dict:
    clash = session.scalar(
        scoped(scope, Process, Process.id).where(
            Process.code == values["code"], Process.id != (process_id or 0)
        )
    )
    if clash is not None:
        raise Refused("duplicate_process_code", "code", code=values["code"])
    if not values.get("required"):
        values = values | {"required": default_required(values["criticality"])}
    if values["required"] < 2:
        raise Refused("required_below_two", "required")
    return values


def create_process(session: Session, scope: Scope, user_id: int | None, values: dict) -> Process:
    """Add a process (R defaults by criticality); refused when the code is taken. The caller commits."""
    values = _prepare(session, scope, values, None)
    process = Process(supplier_id=scope.organization_id, **values)
    session.add(process)
    session.flush()
    audit.record(session, scope.organization_id, user_id, "create", "process", process.id, values)
    return process


def update_process(session: Session, process: Process, user_id: int | None, values: dict) -> None:
    """Change a process; refused when the code is taken. The caller commits."""
    values = _prepare(session, owner_scope(process), values, process.id)
    changes = audit.diff(process, values)
    if changes:
        audit.record(session, process.supplier_id, user_id, "update", "process", process.id, changes)
