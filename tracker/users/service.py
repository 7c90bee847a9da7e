"""Managing an organization's users: the list, invitations, roles and deactivation."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.audit import service as audit
from tracker.auth.passwords import hash_password
from tracker.models import User
from tracker.refusals import Refused
from tracker.tenancy import Scope, scoped


def users(session: Session, scope: Scope) -> list[User]:
    """The organization's users, by name."""
    return list(session.scalars(scoped(scope, User).order_by(User.name)))


def invite(
    session: Session, scope: Scope, by_user_id: int, name: str, email: str, role: str, *, password_method: str
):
    """Create the account with a one-time password; returns (user, password). The caller commits.

    Refused when a user with this email exists already (in any organization).
    """
    email = email.strip().lower()
    if session.scalar(select(User.id).where(func.lower(User.email) == email)) is not None:
        raise Refused("duplicate_email", "email")
    password = secrets.token_urlsafe(12)
    user = User(
        organization_id=scope.organization_id,
        name=name.strip(),
        email=email,
        role=role,
        password_hash=hash_password(password, password_method),
        must_change_password=True,
    )
    session.add(user)
    session.flush()
    audit.record(
        session, scope.organization_id, by_user_id, "create", "user", user.id, {"email": email, "role": role}
    )
    return user, password


def change(session: Session, user: User, by_user_id: int, *, end_sessions: bool = False, **values) -> None:
    """Change a user's role or active flag, and with `end_sessions` end every session of theirs;
    never one's own (refused). The caller commits."""
    if user.id == by_user_id:
        raise Refused("self_change")
    if end_sessions:
        values["session_generation"] = user.session_generation + 1
    changes = audit.diff(user, values)
    if changes:
        audit.record(session, user.organization_id, by_user_id, "update", "user", user.id, changes)
