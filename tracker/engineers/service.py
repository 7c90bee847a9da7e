"""Registering engineers and changing their records."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.audit import service as audit
from tracker.models import Engineer


class DuplicateCode(ValueError):
    """Another engineer of the supplier already has this employee code."""


def _check_code(session: Session, supplier_id: int, code: str, engineer_id: int | None) -> None:
    clash = session.scalar(
        select(Engineer.id).where(
            Engineer.supplier_id == supplier_id,
            Engineer.employee_code == code,
            Engineer.id != (engineer_id or 0),
        )
    )
    if clash is not None:
        raise DuplicateCode(code)


def create_engineer(
    session: Session, supplier_id: int, user_id: int | None, values: dict[str, Any]
) -> Engineer:
    """Add an engineer; raises DuplicateCode. The caller commits."""
    _check_code(session, supplier_id, values["employee_code"], None)
    engineer = Engineer(supplier_id=supplier_id, **values)
    session.add(engineer)
    session.flush()
    audit.record(session, supplier_id, user_id, "create", "engineer", engineer.id, values)
    return engineer


def update_engineer(
    session: Session, engineer: Engineer, user_id: int | None, values: dict[str, Any]
) -> None:
    """Change an engineer's record; raises DuplicateCode. The caller commits."""
    _check_code(session, engineer.supplier_id, values["employee_code"], engineer.id)
    changes = audit.diff(engineer, values)
    if changes:
        audit.record(session, engineer.supplier_id, user_id, "update", "engineer", engineer.id, changes)
