"""Sessions that end: start, the idle and absolute lifetimes, recent logins, ending them everywhere.

Every session and remember cookie carries the user's `session_generation` (`User.get_id`), and
`tracker.auth.login.load_user` accepts only the current one. Raising the generation in the
database therefore ends every session and remember cookie of the user on every worker and host;
logout, a password change, deactivation and an admin's "sign out everywhere" do it. A copied
cookie replayed after that is refused.

Within its generation a session also ends after `SESSION_IDLE_MINUTES` without a request and
`SESSION_ABSOLUTE_HOURS` after it began. A remember cookie (`REMEMBER_COOKIE_DURATION`) then
starts a new session without a password, which is not *recent*: sensitive actions
(`@access(..., recent=True)`) ask for the password again when the last one was typed more than
`RECENT_LOGIN_MINUTES` ago.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, session
from flask_login import login_user, user_loaded_from_cookie

from tracker.models import User

STARTED = "started_at"
SEEN = "seen_at"
PASSWORD_AT = "password_at"
_FLASK_LOGIN_KEYS = ("_user_id", "_fresh", "_id")
_SEEN_EVERY = 30
"""Seconds between two updates of the last-seen time (each update re-sends the cookie)."""


def init_app(app: Flask) -> None:
    app.before_request(_expire)
    user_loaded_from_cookie.connect(_restored, app)


def start(user: User, remember: bool = False) -> None:
    """Log `user` in after a typed password: a new, recent session."""
    login_user(user, remember=remember)
    now = int(time.time())
    session.update({STARTED: now, SEEN: now, PASSWORD_AT: now})


def confirm_password() -> None:
    """Mark the session recent again: the user has just typed their password."""
    session[PASSWORD_AT] = int(time.time())
    session["_fresh"] = True


def end_everywhere(user: User) -> None:
    """End every session and remember cookie of `user`, on every worker (the caller commits)."""
    user.session_generation += 1


def is_recent() -> bool:
    """Whether the password was typed in this session within the last RECENT_LOGIN_MINUTES."""
    typed = session.get(PASSWORD_AT)
    limit = current_app.config["RECENT_LOGIN_MINUTES"] * 60
    return bool(session.get("_fresh")) and typed is not None and time.time() - typed <= limit


def _restored(_app: Flask, user: User) -> None:
    """A remember cookie started a session: it is not recent (no password was typed)."""
    now = int(time.time())
    session.update({STARTED: now, SEEN: now})
    session.pop(PASSWORD_AT, None)


def _expire() -> None:
    """Forget the login of a session past its idle or absolute lifetime (a remember cookie may
    start a new one); note the request's time otherwise."""
    if "_user_id" not in session:
        return
    now = int(time.time())
    config = current_app.config
    idle = now - session.get(SEEN, 0) > config["SESSION_IDLE_MINUTES"] * 60
    if idle or now - session.get(STARTED, 0) > config["SESSION_ABSOLUTE_HOURS"] * 3600:
        for key in (*_FLASK_LOGIN_KEYS, STARTED, SEEN, PASSWORD_AT):
            session.pop(key, None)
    elif now - session[SEEN] >= _SEEN_EVERY:
        session[SEEN] = now
