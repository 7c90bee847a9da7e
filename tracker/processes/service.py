"""A supplier's critical processes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.audit import service as audit
from tracker.models import Process
from tracker.models.processes import default_required


class DuplicateCode(ValueError):
    """Another process of the supplier already has this code."""


def _prepare(session: Session, supplier_id: int, values: dict[str, Any], process_id: int | None) -> dict:
    clash = session.scalar(
        select(Process.id).where(
            Process.supplier_id == supplier_id,
            Process.code == values["code"],
            Process.id != (process_id or 0),
        )
    )
    if clash is not None:
        raise DuplicateCode(values["code"])
    if not values.get("required"):
        values = values | {"required": default_required(values["criticality"])}
    if values["required"] < 2:
        raise ValueError("required headcount below 2")
    return values


def create_process(session: Session, supplier_id: int, user_id: int | None, values: dict) -> Process:
    """Add a process (R defaults by criticality); raises DuplicateCode. The caller commits."""
    values = _prepare(session, supplier_id, values, None)
    process = Process(supplier_id=supplier_id, **values)
    session.add(process)
    session.flush()
    audit.record(session, supplier_id, user_id, "create", "process", process.id, values)
    return process


def update_process(session: Session, process: Process, user_id: int | None, values: dict) -> None:
    """Change a process; raises DuplicateCode. The caller commits."""
    values = _prepare(session, process.supplier_id, values, process.id)
    changes = audit.diff(process, values)
    if changes:
        audit.record(session, process.supplier_id, user_id, "update", "process", process.id, changes)
