"""Managing an organization's users."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.audit import service as audit
from tracker.auth import hash_password
from tracker.models import User


class DuplicateEmail(ValueError):
    """A user with this email exists already (in any organization)."""


class SelfChange(ValueError):
    """An admin may not demote or deactivate themselves."""


def invite(session: Session, organization_id: int, by_user_id: int, name: str, email: str, role: str):
    """Create the account with a one-time password; returns (user, password). The caller commits."""
    email = email.strip().lower()
    if session.scalar(select(User.id).where(func.lower(User.email) == email)) is not None:
        raise DuplicateEmail(email)
    password = secrets.token_urlsafe(12)
    user = User(
        organization_id=organization_id,
        name=name.strip(),
        email=email,
        role=role,
        password_hash=hash_password(password),
        must_change_password=True,
    )
    session.add(user)
    session.flush()
    audit.record(
        session, organization_id, by_user_id, "create", "user", user.id, {"email": email, "role": role}
    )
    return user, password


def change(session: Session, user: User, by_user_id: int, **values) -> None:
    """Change a user's role or active flag; never one's own. The caller commits."""
    if user.id == by_user_id:
        raise SelfChange()
    changes = audit.diff(user, values)
    if changes:
        audit.record(session, user.organization_id, by_user_id, "update", "user", user.id, changes)
