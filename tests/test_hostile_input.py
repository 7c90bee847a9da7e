"""Hostile input over every route of `app.url_map` x method: never a 5xx, and where the input is
impossible everywhere (a NUL character, an id no column holds), nothing written.

Runs on SQLite, and on PostgreSQL with DENSHO_TEST_DATABASE_URL (see tests/conftest.py).
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from flask import url_for
from werkzeug.routing import BuildError

from tests.routes import all_routes
from tests.routes.world import build_world
from tests.test_access import login, snapshot

HUGE = [str(2**31), str(2**63), str(10**30)]
HOSTILE = [
    "0",
    "-1",
    *HUGE,
    "9999-12-31",
    "0001-01-01",
    "10000-01-01",
    "2026-02-30",
    "\x00",
    "a\x00b",
    "a\r\nSet-Cookie: x=1",
    "/overview\r\nSet-Cookie: x=1",
    "x" * 100_000,
    "¹²",
    "no-such-value",
    "None",
    "",
]
# Names the pages read from the query string or forms, beyond each route's own sample fields.
QUERY_NAMES = [
    "next", "page", "q", "site", "status", "category", "category_id", "supplier", "process", "process_id",
    "trainee", "trainee_id", "trainer", "on", "until", "date_from", "date_to", "mode", "transpose", "rows",
    "criticality", "engineers", "user_id", "entity", "overdue", "level", "language",
]  # fmt: skip
UNCHANGED_TABLES = {"login_failure"}  # failed logins are counted on purpose
ROUTES = {route.key: route for route in all_routes()}


def rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def data_snapshot(session) -> dict:
    return {k: v for k, v in snapshot(session).items() if k not in UNCHANGED_TABLES}


def raw_url(rule, values: dict) -> str:
    """The path of `rule` with `values` put in as they are (quoted), whatever the converters say."""
    path = rule.rule
    for name, value in values.items():
        path = re.sub(rf"<[^<>]*:{name}>|<{name}>", quote(str(value), safe=""), path)
    return path


@pytest.fixture
def world(app, session):
    return build_world(session)


def request(client, method: str, url: str, fields: dict):
    if method == "GET":
        return client.get(url, query_string=fields)
    return client.open(url, method=method, data=fields)


def _url(app, rule, values) -> str | None:
    """The URL of `rule` with `values`, or None where a converter cannot build one."""
    with app.test_request_context():
        try:
            return url_for(rule.endpoint, **values)
        except BuildError:
            return None


@pytest.mark.parametrize("side", ["supplier", "buyer"])
def test_hostile_input_never_gives_a_server_error(app, client, session, world, side):
    actor = world.a.admin if side == "supplier" else world.buyer.admin
    failures = []
    for rule, method in rules(app):
        if rule.endpoint == "ops.healthz":
            continue  # takes no input; 503 on the test database (tests/test_ops.py)
        route = ROUTES[(rule.endpoint, method)]
        login(client, actor)
        world.actor = actor
        with app.app_context():
            own = route.args(world)
        url = _url(app, rule, own)
        with app.app_context():
            names = set(QUERY_NAMES) | set(route.data(world))
        for value in HOSTILE:
            fields = dict.fromkeys(names, value)
            if rule.endpoint in ("auth.logout", "auth.login"):
                fields.pop("email", None)
            response = request(client, method, url, fields)
            if response.status_code >= 500:
                failures.append(f"{method} {url} {value[:20]!r}: {response.status_code}")
            if rule.endpoint == "auth.logout" or response.status_code == 429:
                login(client, actor)
        for name in rule.arguments:
            for value in ["\x00", "a\r\nb", "x" * 10_000]:
                hostile = raw_url(rule, dict(own, **{name: value}))
                response = request(client, method, hostile, {})
                if response.status_code >= 500:
                    failures.append(f"{method} {rule.rule} {name}={value[:10]!r}: {response.status_code}")
    assert failures == [], "\n".join(failures)


def test_impossible_input_writes_nothing(app, client, session, world):
    """A NUL character in any field, or an id beyond every column, refuses the whole request."""
    actor = world.a.admin
    failures = []
    for rule, method in rules(app):
        if method == "GET" or rule.endpoint in ("auth.logout", "auth.login", "auth.language"):
            continue
        route = ROUTES[(rule.endpoint, method)]
        login(client, actor)
        world.actor = actor
        with app.app_context():
            own, sample = route.args(world), route.data(world)
        cases = [(own, {name: "a\x00b" for name in sample} | {"comment": "\x00"})]
        cases += [(dict(own, **{name: value}), sample) for name in rule.arguments for value in HUGE]
        for values, fields in cases:
            before = data_snapshot(session)
            url = raw_url(rule, values)
            response = request(client, method, url, fields)
            if response.status_code >= 400 and data_snapshot(session) != before:
                failures.append(f"{method} {url}: {response.status_code} but wrote")
            elif response.status_code < 400:
                failures.append(f"{method} {url}: {response.status_code}, not refused")
    assert failures == [], "\n".join(failures)


def test_nul_is_refused_with_a_clear_message(client):
    response = client.get("/login", query_string={"next": "/\x00"})
    assert response.status_code == 400
    assert b"The request could not be understood." in response.data
    response = client.post("/login", data={"email": "a\x00@example.test", "password": "x"})
    assert response.status_code == 400


def test_an_id_beyond_any_column_is_a_404(client, session, world):
    login(client, world.a.admin)
    assert client.get(f"/engineers/{10**30}").status_code == 404
    assert client.get(f"/engineers/{2**31}").status_code == 404
