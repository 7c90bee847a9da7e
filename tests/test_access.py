"""Role x route: every route, every role of two suppliers and a buyer, anonymous, and tenancy."""

from __future__ import annotations

import pytest
from flask import url_for
from sqlalchemy import select

from tests.builders import PASSWORD
from tests.routes import Route, all_routes
from tests.routes.world import build_world
from tracker.models.base import Base
from tracker.models.organizations import ROLES

ROUTES = all_routes()
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def route_id(route: Route) -> str:
    return f"{route.method} {route.endpoint}"


def snapshot(session) -> dict:
    """Every row of every table, to show a refused request changed nothing."""
    session.expire_all()
    return {
        table.name: sorted(map(repr, session.execute(select(table)).all()))
        for table in Base.metadata.sorted_tables
    }


@pytest.fixture
def world(app, session):
    return build_world(session)


def call(client, app, route: Route, world, values: dict | None = None, data: dict | None = None):
    """Request `route` with its sample URL values (or `values`) and form data (or `data`)."""
    with app.test_request_context():
        url = url_for(route.endpoint, **(route.args(world) if values is None else values))
    if route.method == "GET":
        return client.get(url)
    return client.open(url, method=route.method, data=route.data(world) if data is None else data)


def login(client, user) -> None:
    client.post("/logout")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, f"could not log in as {user.email}"


def test_every_route_has_an_entry(app):
    declared = {route.key for route in ROUTES}
    present = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - IGNORED_METHODS
    }
    assert present - declared == set(), "routes without an entry in tests/routes/"
    assert declared - present == set(), "entries in tests/routes/ for routes that do not exist"


@pytest.mark.parametrize("route", [r for r in ROUTES if not r.public], ids=route_id)
def test_anonymous_is_sent_to_login(app, client, world, route):
    response = call(client, app, route, world)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def _expected(route: Route, kind: str, role: str) -> int | None:
    """The refusal status a user should get, or None when the route is theirs to use."""
    if route.kind is not None and route.kind != kind:
        return 403
    if ROLES.index(role) < ROLES.index(route.role):
        return 403
    if route.kind is None and kind == "buyer" and route.foreign is not None and not route.shared:
        return 404  # the sample records belong to supplier A
    return None


@pytest.mark.parametrize("route", [r for r in ROUTES if not r.public], ids=route_id)
def test_each_role_gets_what_it_may(app, client, session, world, route):
    users = [
        ("buyer", "viewer", world.buyer.viewer),
        ("buyer", "editor", world.buyer.editor),
        ("buyer", "admin", world.buyer.admin),
        ("supplier", "viewer", world.a.viewer),
        ("supplier", "editor", world.a.editor),
        ("supplier", "admin", world.a.admin),
    ]
    for kind, role, user in users:
        login(client, user)
        world.actor = user
        before = snapshot(session) if route.method != "GET" else None
        response = call(client, app, route, world)
        expected = _expected(route, kind, role)
        if expected is None:
            assert response.status_code == route.allowed_status, (
                f"{kind} {role}: {response.status_code}, not {route.allowed_status}"
            )
        else:
            assert response.status_code == expected, f"{kind} {role}: {response.status_code}"
            if before is not None:
                assert snapshot(session) == before, f"{kind} {role} changed data"


@pytest.mark.parametrize("route", [r for r in ROUTES if r.foreign], ids=route_id)
def test_another_tenants_records_answer_404(app, client, session, world, route):
    actors = [world.buyer.admin if route.kind == "buyer" else world.a.admin]
    if route.shared:
        actors = [world.buyer.admin, world.a.admin]
    for actor in actors:
        login(client, actor)
        before = snapshot(session)
        response = call(client, app, route, world, route.foreign(world))
        assert response.status_code == 404, actor.email
        assert snapshot(session) == before
