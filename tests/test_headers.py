"""Security headers on every kind of response; production configuration refusing to start."""

from __future__ import annotations

import pytest

from tests import builders as b
from tracker import create_app
from tracker.config import ConfigError
from tracker.web.headers import CSP


@pytest.fixture
def editor(client, auth, session):
    user = b.gen_user(session, b.gen_supplier(session), "editor")
    session.commit()
    auth.login(user)
    return user


def assert_secure(response) -> None:
    headers = response.headers
    assert headers["Content-Security-Policy"] == CSP
    assert "frame-ancestors 'none'" in CSP and "script-src 'self';" in CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_a_page_of_an_authenticated_user_is_never_stored(client, editor):
    response = client.get("/overview")
    assert response.status_code == 200
    assert_secure(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_a_404_has_the_headers(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert_secure(response)


def test_a_500_has_the_headers(client, editor, monkeypatch):
    import tracker.suppliers.views as views

    monkeypatch.setattr(views, "build_overview", lambda *a, **k: 1 / 0)
    response = client.get("/overview")
    assert response.status_code == 500
    assert_secure(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_a_static_file_has_the_headers_and_may_be_cached(client):
    response = client.get("/static/css/densho.css")
    assert response.status_code == 200
    assert_secure(response)
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_an_export_has_the_headers(client, editor):
    response = client.get("/spreadsheets/export/sessions.csv")
    assert response.status_code == 200, response.status_code
    assert_secure(response)
    assert "no-store" in response.headers["Cache-Control"]


def test_the_login_page_is_not_stored_either(client):
    response = client.get("/login")
    assert_secure(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_trusted_hosts_refuse_another_host(tmp_path):
    from tests.conftest import make_app

    app = make_app(tmp_path, TRUSTED_HOSTS=["densho.example"])
    client = app.test_client()
    assert client.get("/login", base_url="http://densho.example").status_code == 200
    assert client.get("/login", base_url="http://evil.example").status_code == 400


PRODUCTION = {
    "DENSHO_ENV": "production",
    "SECRET_KEY": "x" * 40,
    "DATABASE_URL": "postgresql+psycopg://densho@db/densho",
}


def test_a_sound_production_config_starts():
    create_app(PRODUCTION)


@pytest.mark.parametrize(
    ("override", "complaint"),
    [
        ({"DEBUG": True}, "debug is on"),
        ({"SECRET_KEY": "change-me"}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"DATABASE_URL": "sqlite:///INSTANCE/densho.sqlite"}, "SQLite in instance/"),
    ],
)
def test_production_refuses_to_start(override, complaint, tmp_path):
    config = PRODUCTION | override
    from tracker.app import ROOT

    if "DATABASE_URL" in override:
        config["DATABASE_URL"] = override["DATABASE_URL"].replace("INSTANCE", str(ROOT / "instance"))
    if config["SECRET_KEY"] is None:
        del config["SECRET_KEY"]
    with pytest.raises(ConfigError, match=complaint):
        create_app(config)


def test_production_refuses_flask_debug_from_the_environment(monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(ConfigError, match="debug"):
        create_app(PRODUCTION)
