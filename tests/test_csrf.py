"""With CSRF protection on, every state-changing route refuses a missing or foreign token."""

from __future__ import annotations

import re

import pytest

from tests.builders import PASSWORD
from tests.conftest import make_app
from tests.routes import all_routes
from tests.routes.world import build_world
from tests.test_access import call, route_id, snapshot
from tracker import db

POSTS = [route for route in all_routes() if route.method != "GET"]
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


@pytest.fixture
def csrf_app(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    yield app
    db.engine_of(app).dispose()


def token_of(client) -> str:
    return TOKEN.search(client.get("/login").get_data(as_text=True)).group(1)


def log_in(client, user) -> None:
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token_of(client)}
    )
    assert response.status_code == 302


def test_login_page_carries_a_token(csrf_app):
    assert token_of(csrf_app.test_client())


@pytest.mark.parametrize("route", POSTS, ids=route_id)
def test_post_without_or_with_a_foreign_token_is_refused(csrf_app, route):
    session = csrf_app.extensions["db"]()
    world = build_world(session)
    actor = world.buyer.admin if route.kind == "buyer" else world.a.admin
    client = csrf_app.test_client()
    if not route.public:
        log_in(client, actor)
    foreign = token_of(csrf_app.test_client())
    before = snapshot(session)
    for token in (None, foreign):
        data = route.data(world) | ({"csrf_token": token} if token else {})
        response = call(client, csrf_app, route, world, data=data)
        assert response.status_code == 400, f"token {token!r}: {response.status_code}"
        assert snapshot(session) == before
    session.close()
