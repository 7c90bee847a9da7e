"""Logins: the Flask-Login set-up, loading the user, authenticating, the app's password method."""

from __future__ import annotations

from flask import Flask, current_app, has_app_context, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from tracker import db
from tracker.auth import passwords
from tracker.extensions import login_manager
from tracker.heatmap import cache, versions
from tracker.models import User


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to open this page.")
    login_manager.login_message_category = "info"
    app.before_request(_replace_one_time_password)


def _replace_one_time_password():
    """Send a user who logged in with a one-time password to choose their own first."""
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in ("auth.password", "auth.logout", "auth.language", "static")
    ):
        return redirect(url_for("auth.password"))
    return None


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The logged-in user, or None (logged out) once the user or the organization is inactive.

    The same statement reads the data version for the cached views (tracker.heatmap.cache).
    """
    row = db.session().execute(versions.with_state(select(User)).where(User.id == int(user_id))).first()
    if row is None:
        return None
    user = row[0]
    cache.remember_state(row[1:])
    return user if user.is_active else None


def password_method() -> str:
    """The app's PASSWORD_HASH_METHOD, or outside an app the production default."""
    return current_app.config["PASSWORD_HASH_METHOD"] if has_app_context() else passwords.DEFAULT_METHOD


def hash_password(password: str, method: str | None = None) -> str:
    """A salted hash of `password` by `method`, by default the app's (`password_method`)."""
    return passwords.hash_password(password, method or password_method())


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None."""
    user = db.session().scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None or not passwords.check_password(user.password_hash, password):
        return None
    return user if user.is_active else None
