"""Fixtures: app, client, runner, session, and an `auth` helper, on SQLite or PostgreSQL.

Set DENSHO_TEST_DATABASE_URL to a PostgreSQL URL to run against it (tests marked `sqlite_only`
are skipped there).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from tests import builders as b
from tests.builders import FAST_HASH, PASSWORD, TODAY
from tracker import create_app, db
from tracker.models.base import Base
from tracker.processes.taxonomy import ensure_categories

PG_URL = os.environ.get("DENSHO_TEST_DATABASE_URL")


def _compile_catalogs() -> None:
    """Compile the message catalogs when a .po is newer than its .mo (as `make translations` does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (Path(__file__).resolve().parents[1] / "tracker" / "translations").glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source, mo.open("wb") as target:
                write_mo(target, read_po(source))


def pytest_configure(config):
    _compile_catalogs()
    config.addinivalue_line("markers", "sqlite_only: needs SQLite-specific behaviour")
    config.addinivalue_line("markers", "e2e: real-browser journeys in headless Chromium")


def pytest_collection_modifyitems(config, items):
    if PG_URL:
        skip = pytest.mark.skip(reason="SQLite only")
        for item in items:
            if "sqlite_only" in item.keywords:
                item.add_marker(skip)


def _reset_postgres(app) -> None:
    engine = db.engine_of(app)
    with engine.begin() as connection:
        Base.metadata.create_all(connection)
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        # Built from the models, like the SQLite test databases: no Alembic record (a migration
        # test may have left one behind in the shared PostgreSQL database).
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


def make_app(tmp_path, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": PG_URL or f"sqlite:///{tmp_path / 'test.sqlite'}",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "IMPORT_FOLDER": str(tmp_path / "imports"),
        "CERTIFICATE_FOLDER": str(tmp_path / "certificates"),
        "TODAY": TODAY,
        "PASSWORD_HASH_METHOD": FAST_HASH,
    } | overrides
    app = create_app(config)
    if PG_URL:
        _reset_postgres(app)
    else:
        Base.metadata.create_all(db.engine_of(app))
    with app.extensions["db"]() as session:
        ensure_categories(session)
        session.commit()
    return app


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    yield app
    db.engine_of(app).dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def session(app):
    """A session of its own, outside any app context, so test-client requests stay independent."""
    session = app.extensions["db"]()
    yield session
    session.close()


@pytest.fixture
def supplier(session):
    """A supplier organization (test modules may override it)."""
    return b.gen_supplier(session)


@pytest.fixture
def editor(client, auth, session, supplier):
    """An editor of `supplier`, logged in on `client`."""
    user = b.gen_user(session, supplier, "editor")
    session.commit()
    auth.login(user)
    return user


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, user_or_email, password: str = PASSWORD):
        email = getattr(user_or_email, "email", user_or_email)
        return self.client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return Auth(client)
