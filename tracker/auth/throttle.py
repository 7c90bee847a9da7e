"""Failed logins limited per account and per address, counted in the database (no Flask).

The count lives in the `login_failure` table, so every gunicorn worker and every host sees the
same one with no extra service. The account is kept as a digest of the email tried, never the
email itself; the same is done for unknown emails, so the limit cannot tell which exist.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tracker.models import LoginFailure


@dataclass(frozen=True)
class Limits:
    """At most `per_account` failures for one email and `per_address` from one address within
    `window`."""

    per_account: int = 10
    per_address: int = 50
    window: timedelta = timedelta(minutes=15)


def account_key(email: str) -> str:
    """The digest that stands for the email tried."""
    return hashlib.sha256(email.strip().lower().encode("utf-8", "replace")).hexdigest()


def retry_after(session: Session, email: str, address: str, limits: Limits, now: datetime) -> int | None:
    """Seconds to wait before this email may be tried again from this address, or None."""
    waits = [
        _wait(session, LoginFailure.account == account_key(email), limits.per_account, limits.window, now),
        _wait(session, LoginFailure.address == address[:64], limits.per_address, limits.window, now),
    ]
    blocked = [wait for wait in waits if wait is not None]
    return max(blocked) if blocked else None


def _wait(session: Session, which, limit: int, window: timedelta, now: datetime) -> int | None:
    """When `limit` failures matching `which` fall within `window`: the seconds until the oldest of
    the latest `limit` leaves it."""
    latest = session.scalars(
        select(LoginFailure.failed_at)
        .where(which, LoginFailure.failed_at > now - window)
        .order_by(LoginFailure.failed_at.desc())
        .limit(limit)
    ).all()
    if len(latest) < limit:
        return None
    return max(1, math.ceil((latest[-1] + window - now).total_seconds()))


def record_failure(session: Session, email: str, address: str, limits: Limits, now: datetime) -> None:
    """Count one failed login, and forget the failures that left the window. The caller commits."""
    session.execute(delete(LoginFailure).where(LoginFailure.failed_at <= now - limits.window))
    session.add(LoginFailure(account=account_key(email), address=address[:64], failed_at=now))


def forget_account(session: Session, email: str) -> None:
    """A successful login clears its account's failures (not its address's). The caller commits."""
    session.execute(delete(LoginFailure).where(LoginFailure.account == account_key(email)))
