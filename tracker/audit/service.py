"""Writing the audit trail."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from tracker.models import AuditEvent


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def record(
    session: Session,
    organization_id: int,
    user_id: int | None,
    action: str,
    entity: str,
    entity_id: int,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the session (committed with the change it describes)."""
    event = AuditEvent(
        organization_id=organization_id,
        user_id=user_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        changes={key: _plain(value) for key, value in (changes or {}).items()},
    )
    session.add(event)
    return event


def diff(record_: object, values: dict[str, Any]) -> dict[str, Any]:
    """Set `values` on `record_`; return {field: [old, new]} for the fields that changed."""
    changed = {}
    for field, new in values.items():
        old = getattr(record_, field)
        if old != new:
            changed[field] = [_plain(old), _plain(new)]
            setattr(record_, field, new)
    return changed
