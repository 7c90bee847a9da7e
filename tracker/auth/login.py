"""Logins: the Flask-Login set-up, loading the user, authenticating, the app's password method."""

from __future__ import annotations

import functools
import secrets
from datetime import timedelta

from flask import Flask, current_app, has_app_context, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from tracker import db
from tracker.auth import passwords, sessions, throttle
from tracker.extensions import login_manager
from tracker.heatmap import cache, versions
from tracker.models import User
from tracker.tenancy import is_id


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to open this page.")
    login_manager.login_message_category = "info"
    sessions.init_app(app)
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
def load_user(identity: str) -> User | None:
    """The logged-in user, or None (logged out) once the user or the organization is inactive or
    the cookie's session generation is not the user's current one (`tracker.auth.sessions`).

    The same statement reads the data version for the cached views (tracker.heatmap.cache).
    """
    user_id, _, generation = identity.partition(":")
    if not (user_id.isdecimal() and generation.isdecimal() and is_id(int(user_id))):
        return None
    row = db.session().execute(versions.with_state(select(User)).where(User.id == int(user_id))).first()
    if row is None:
        return None
    user = row[0]
    cache.remember_state(row[1:])
    if user.session_generation != int(generation):
        return None
    return user if user.is_active else None


def password_method() -> str:
    """The app's PASSWORD_HASH_METHOD, or outside an app the production default."""
    return current_app.config["PASSWORD_HASH_METHOD"] if has_app_context() else passwords.DEFAULT_METHOD


def hash_password(password: str, method: str | None = None) -> str:
    """A salted hash of `password` by `method`, by default the app's (`password_method`)."""
    return passwords.hash_password(password, method or password_method())


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None.

    An unknown email costs one hash check too (against a dummy hash by the app's method), so the
    time taken does not tell which emails exist.
    """
    user = db.session().scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        passwords.check_password(_dummy_hash(password_method()), password)
        return None
    if not passwords.check_password(user.password_hash, password):
        return None
    return user if user.is_active else None


@functools.cache
def _dummy_hash(method: str) -> str:
    return passwords.hash_password(secrets.token_urlsafe(16), method)


def throttle_limits() -> throttle.Limits:
    """The app's failed-login limits (LOGIN_FAILURES_PER_ACCOUNT, _PER_ADDRESS, _WINDOW_MINUTES)."""
    config = current_app.config
    return throttle.Limits(
        per_account=config["LOGIN_FAILURES_PER_ACCOUNT"],
        per_address=config["LOGIN_FAILURES_PER_ADDRESS"],
        window=timedelta(minutes=config["LOGIN_FAILURE_WINDOW_MINUTES"]),
    )
