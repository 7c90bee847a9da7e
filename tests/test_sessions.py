"""Sessions that end: logout, a password change, deactivation and "sign out everywhere" end every
session and remember cookie of the user on every worker; lifetimes; recent logins."""

from __future__ import annotations

import time

import pytest

from tests import builders as b
from tests.conftest import make_app
from tracker import create_app, db
from tracker.auth import sessions

REMEMBER = "remember_token"


@pytest.fixture
def other_worker(app):
    """A second app on the same database and secret: another gunicorn worker, or another host."""
    second = create_app(dict(app.config))
    yield second
    db.engine_of(second).dispose()


@pytest.fixture
def user(session):
    user = b.gen_user(session, b.gen_supplier(session), "admin")
    session.commit()
    return user


def log_in(client, user, remember: bool = False):
    data = {"email": user.email, "password": b.PASSWORD} | ({"remember": "y"} if remember else {})
    assert client.post("/login", data=data).status_code == 302


def cookies_of(client) -> dict[str, str]:
    return {name: client.get_cookie(name).value for name in ("session", REMEMBER) if client.get_cookie(name)}


def replay(app, cookies: dict[str, str], only: str | None = None):
    """A fresh browser holding copies of `cookies` (or only one of them)."""
    client = app.test_client()
    for name, value in cookies.items():
        if only is None or name == only:
            client.set_cookie(name, value)
    return client


def is_logged_in(client) -> bool:
    return client.get("/overview").status_code == 200


def test_copied_cookies_work_until_logout(app, client, user, other_worker):
    log_in(client, user, remember=True)
    copied = cookies_of(client)
    assert set(copied) == {"session", REMEMBER}
    assert is_logged_in(replay(other_worker, copied, "session"))
    assert is_logged_in(replay(other_worker, copied, REMEMBER))


@pytest.mark.parametrize("cookie", ["session", REMEMBER])
def test_a_cookie_replayed_after_logout_is_refused_on_every_worker(app, client, user, other_worker, cookie):
    log_in(client, user, remember=True)
    copied = cookies_of(client)
    client.post("/logout")
    for worker in (app, other_worker):
        assert not is_logged_in(replay(worker, copied, cookie))


@pytest.mark.parametrize("cookie", ["session", REMEMBER])
def test_a_password_change_on_another_worker_ends_the_other_sessions(app, user, other_worker, cookie):
    laptop, phone = app.test_client(), other_worker.test_client()
    log_in(laptop, user, remember=True)
    copied = cookies_of(laptop)
    log_in(phone, user)
    new = "a long enough new passphrase"
    response = phone.post("/account/password", data={"current": b.PASSWORD, "password": new, "confirm": new})
    assert response.status_code == 302
    assert is_logged_in(phone), "the session that changed the password goes on"
    assert not is_logged_in(replay(app, copied, cookie))
    assert not is_logged_in(laptop)


def colleague_on_another_worker(session, user, worker):
    """A viewer of `user`'s organization logged in (remembered) on `worker`: (user, client, cookies)."""
    target = b.gen_user(session, user.organization, "viewer")
    session.commit()
    theirs = worker.test_client()
    log_in(theirs, target, remember=True)
    return target, theirs, cookies_of(theirs)


def test_sign_out_everywhere_by_an_admin(app, client, session, user, other_worker):
    target, theirs, copied = colleague_on_another_worker(session, user, other_worker)
    log_in(client, user)
    assert client.post(f"/users/{target.id}/sign-out").status_code == 302
    assert not is_logged_in(theirs)
    assert not is_logged_in(replay(other_worker, copied, REMEMBER))
    log_in(theirs, target)  # they may log in again
    assert is_logged_in(theirs)


def test_deactivation_ends_the_sessions_for_good(app, client, session, user, other_worker):
    target, _theirs, copied = colleague_on_another_worker(session, user, other_worker)
    log_in(client, user)
    client.post(f"/users/{target.id}/deactivate")
    client.post(f"/users/{target.id}/activate")
    assert not is_logged_in(replay(other_worker, copied, REMEMBER))


def test_an_old_style_identity_is_refused(app, client, user):
    """A session made before generations existed (a bare user id) logs nobody in."""
    with client.session_transaction() as cookie_session:
        cookie_session["_user_id"] = str(user.id)
        cookie_session["_fresh"] = True
    assert not is_logged_in(client)


def _age(client, **seconds) -> None:
    with client.session_transaction() as cookie_session:
        for key, ago in seconds.items():
            cookie_session[key] = int(time.time()) - ago


def test_an_idle_session_ends(tmp_path, session):
    app = make_app(tmp_path, SESSION_IDLE_MINUTES=10)
    with app.extensions["db"]() as own:
        user = b.gen_user(own, b.gen_supplier(own))
        own.commit()
        client = app.test_client()
        log_in(client, user)
        _age(client, seen_at=9 * 60)
        assert is_logged_in(client)
        _age(client, seen_at=11 * 60)
        assert not is_logged_in(client)


def test_a_session_ends_at_its_absolute_lifetime(tmp_path):
    app = make_app(tmp_path, SESSION_ABSOLUTE_HOURS=2)
    with app.extensions["db"]() as own:
        user = b.gen_user(own, b.gen_supplier(own))
        own.commit()
        client = app.test_client()
        log_in(client, user)
        _age(client, started_at=3 * 3600)
        assert not is_logged_in(client)


def test_a_remember_cookie_starts_a_session_that_is_not_recent(app, client, user):
    log_in(client, user, remember=True)
    _age(client, seen_at=10 * 3600)
    assert is_logged_in(client)  # carried on by the remember cookie
    response = client.post(f"/users/{user.id}/sign-out")
    assert response.status_code == 302 and "/login/confirm" in response.headers["Location"]


def test_a_sensitive_action_asks_for_the_password_again_when_the_login_is_old(app, client, session, user):
    target = b.gen_user(session, user.organization, "viewer")
    session.commit()
    log_in(client, user)
    _age(client, password_at=(app.config["RECENT_LOGIN_MINUTES"] + 1) * 60)
    response = client.post(f"/users/{target.id}/role", data={"role": "admin"}, headers={"Referer": "/users/"})
    assert response.headers["Location"] == "/login/confirm?next=/users/"
    session.refresh(target)
    assert target.role == "viewer"
    assert client.post("/login/confirm?next=/users/", data={"password": "wrong"}).status_code == 200
    response = client.post("/login/confirm?next=/users/", data={"password": b.PASSWORD})
    assert response.headers["Location"] == "/users/"
    client.post(f"/users/{target.id}/role", data={"role": "admin"})
    session.refresh(target)
    assert target.role == "admin"


def test_is_recent_needs_a_typed_password(app):
    with app.test_request_context():
        assert not sessions.is_recent()
