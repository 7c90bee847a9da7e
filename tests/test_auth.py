"""Logging in and out, safe redirects, lock-out, cookies and error pages."""

from __future__ import annotations

import pytest

from tests import builders as b
from tracker.auth.login import hash_password


@pytest.fixture
def editor(session):
    user = b.gen_user(session, b.gen_supplier(session), "editor", email="editor@example.test")
    session.commit()
    return user


def test_login_with_the_right_password_opens_the_overview(client, auth, editor):
    response = auth.login(editor)
    assert response.status_code == 302
    assert client.get("/overview").status_code == 200


def test_login_is_case_insensitive_on_email(auth, editor):
    assert auth.login("EDITOR@example.test").status_code == 302


def test_wrong_password_is_refused_with_a_message(auth, editor):
    response = auth.login(editor, "wrong")
    assert response.status_code == 200
    assert b"Unknown email or wrong password." in response.data


def test_a_password_hashed_the_production_way_logs_in(client, auth, session):
    """The other tests hash fast; this user's hash is made as production makes it (scrypt)."""
    user = b.gen_user(session, b.gen_supplier(session), password_hash=hash_password(b.PASSWORD))
    session.commit()
    assert user.password_hash.startswith("scrypt:")
    assert auth.login(user, "wrong").status_code == 200
    assert auth.login(user).status_code == 302
    assert client.get("/overview").status_code == 200


def test_the_app_hashes_by_its_configured_method(app):
    with app.app_context():
        assert hash_password("secret").startswith(b.FAST_HASH + "$")
    assert hash_password("secret", "pbkdf2:sha256:2000").startswith("pbkdf2:sha256:2000$")


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]
)
def test_next_cannot_leave_the_site(client, editor, target):
    response = client.post(f"/login?next={target}", data={"email": editor.email, "password": b.PASSWORD})
    assert response.headers["Location"] == "/"


def test_next_within_the_site_is_followed(client, editor):
    response = client.post("/login?next=/matrix?site=A", data={"email": editor.email, "password": b.PASSWORD})
    assert response.headers["Location"] == "/matrix?site=A"


def test_a_deactivated_user_is_locked_out_at_the_next_request(client, auth, session, editor):
    auth.login(editor)
    assert client.get("/overview").status_code == 200
    editor.active = False
    session.commit()
    response = client.get("/overview")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert auth.login(editor).status_code == 200  # refused


def test_an_inactive_organization_locks_out_its_users(client, auth, session, editor):
    auth.login(editor)
    editor.organization.active = False
    session.commit()
    assert client.get("/overview").status_code == 302


def test_logout_ends_the_session(client, auth, editor):
    auth.login(editor)
    auth.logout()
    assert client.get("/overview").status_code == 302


def test_session_cookie_is_httponly_and_lax(client, editor):
    response = client.post("/login", data={"email": editor.email, "password": b.PASSWORD, "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies and all("HttpOnly" in c and "SameSite=Lax" in c for c in cookies)
    assert not any("Secure" in c for c in cookies)


def test_cookies_are_secure_over_https(client, editor):
    response = client.post(
        "/login",
        base_url="https://localhost",
        data={"email": editor.email, "password": b.PASSWORD, "remember": "y"},
    )
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 2 and all("; Secure" in c for c in cookies)


def test_a_one_time_password_must_be_replaced_first(client, auth, session, editor):
    editor.must_change_password = True
    session.commit()
    auth.login(editor)
    assert client.get("/matrix").headers["Location"] == "/account/password"
    response = client.post(
        "/account/password",
        data={"current": b.PASSWORD, "password": "a longer passphrase", "confirm": "a longer passphrase"},
    )
    assert response.status_code == 302
    assert client.get("/matrix").status_code == 200


def test_unknown_page_shows_the_generic_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert b"This page does not exist" in response.data


def test_a_server_error_shows_no_traceback(app, client, auth, editor, monkeypatch):
    import tracker.suppliers.views as views

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views, "build_overview", boom)
    auth.login(editor)
    response = client.get("/overview")
    assert response.status_code == 500
    assert b"secret internals" not in response.data and b"Traceback" not in response.data


def test_language_switch_is_remembered_for_the_user(client, auth, session, editor):
    auth.login(editor)
    client.post("/language", data={"language": "ja", "next": "/overview"})
    session.refresh(editor)
    assert editor.locale == "ja"


def test_browser_language_is_used_when_the_user_chose_none(client):
    response = client.get("/login", headers={"Accept-Language": "ja,en;q=0.5"})
    assert 'lang="ja"' in response.get_data(as_text=True)


def test_next_with_a_line_break_goes_home(client, editor):
    response = client.post(
        "/login?next=/overview%0d%0aSet-Cookie:%20x=1", data={"email": editor.email, "password": b.PASSWORD}
    )
    assert response.headers["Location"] == "/"
