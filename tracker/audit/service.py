"""The audit trail: writing events with the change they describe, and reading them back."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from tracker.models import AuditEvent
from tracker.tenancy import Scope, scoped


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


def listing(
    scope: Scope,
    *,
    entity: str = "",
    user_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    zone: tzinfo = UTC,
) -> Select:
    """The organization's events of one kind of record, one user and a date range (all optional),
    the newest first; the dates are days in `zone` (the stored times are UTC)."""
    statement = scoped(scope, AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if entity:
        statement = statement.where(AuditEvent.entity == entity)
    if user_id:
        statement = statement.where(AuditEvent.user_id == user_id)
    if date_from and date_from > date.min:  # date.min: no lower bound (and no day before it in UTC)
        statement = statement.where(AuditEvent.at >= _utc(date_from, zone))
    if date_to and date_to < date.max:  # date.max: no upper bound (and no day after it)
        statement = statement.where(AuditEvent.at < _utc(date_to + timedelta(days=1), zone))
    return statement


def _utc(day: date, zone: tzinfo) -> datetime:
    """The start of `day` in `zone`, as a stored (naive UTC) time."""
    return datetime.combine(day, time.min, zone).astimezone(UTC).replace(tzinfo=None)
