"""Disclosure is enforced on the server: planted canary names never reach a buyer who may not see them.

Every GET route a buyer can reach (from the role x route table, so new areas are covered as they
come: the meeting page, meeting mode, the handout, its PDF, CSV and XLSX), every drill-down link of
the figure, the figure JSON in every mode (today, projected, as of a past date), the export, a 422
form, a 404 page and the meeting's share-link page are rendered as the buyer and searched for
the canaries (a PDF's text and an XLSX's cells, not their compressed bytes).
"""

from __future__ import annotations

import gzip
import io
import random
import re
from datetime import datetime

import pytest
from flask import url_for
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from tests import builders as b
from tests.routes import all_routes
from tests.routes.world import build_world
from tracker.meetings import sharing
from tracker.models import EngineerAlias
from tracker.models._types import utcnow
from tracker.partnerships import disclosure

CANARIES = {
    "trainer": ("Quokka Zebedee-Canary", "CNRY-7731", "Canarysite North"),
    "engineer": ("Wombat Xanthippe-Canary", "CNRY-7732", "Canarysite South"),
}
# Nothing of a certificate reaches a buyer, whatever the disclosure: its type, number, document.
CERTIFICATE_CANARIES = ("Quetzal Licence-Canary", "CNRY-7733", "canary-scan.pdf")
ALIAS = re.compile(r"\b[A-Z]-\d{2,}\b")


@pytest.fixture
def world(app, session):
    world = build_world(session)
    for key, (name, code, site) in CANARIES.items():
        engineer = getattr(world.a, key)
        engineer.name, engineer.employee_code, engineer.site = name, code, site
    kind, number, document = CERTIFICATE_CANARIES
    world.a.certificate_type.name = kind
    world.a.certificate.number, world.a.certificate.document_name = number, document
    session.commit()
    return world


def buyer_opens(route) -> bool:
    """A buyer's own route, or one of any organization's whose samples a buyer may open (not
    supplier A's own records, such as a certificate's document: those answer a buyer 404)."""
    return route.kind == "buyer" or (route.kind is None and (route.foreign is None or route.shared))


def set_disclosure(session, world, level: str) -> None:
    world.buyer.partnership.disclosure = level
    session.commit()


def _body(response) -> str:
    data = response.data
    if response.headers.get("Content-Encoding") == "gzip":
        data = gzip.decompress(data)
    if response.mimetype == "application/pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    if response.mimetype.endswith("spreadsheetml.sheet"):
        book = load_workbook(io.BytesIO(data))
        return "\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row)
    return data.decode("utf-8", "replace")


def share_page(app, session, world) -> tuple[str, str]:
    """The buyer's meeting through a new share link, opened without an account."""
    _link, token = sharing.create(
        session, world.buyer.meeting, world.buyer.admin.id, utcnow(), app.secret_key
    )
    session.commit()
    url = f"/shared/{token}"
    response = app.test_client().get(url)
    assert response.status_code == 200
    return url, _body(response)


def buyer_bodies(app, client, session, world) -> dict[str, str]:
    """Every page, figure and export the buyer admin can reach, by URL."""
    client.post("/login", data={"email": world.buyer.admin.email, "password": b.PASSWORD})
    with app.test_request_context():
        urls = {
            url_for(route.endpoint, **route.args(world))
            for route in all_routes()
            if route.method == "GET" and not route.public and buyer_opens(route)
        }
        document = url_for("certificates.document", certificate_id=world.a.certificate.id)
        foreign = url_for(
            "heatmap.drilldown", supplier_id=world.b.org.id, category_id=world.b.process.category_id
        )
    one_partner = f"?supplier={world.a.org.id}"
    past = "?on=2026-10-01"  # the as-of view: levels, plans running then, people as of that date
    queries = ("", "?transpose=1", "?mode=projected", "?mode=projected&transpose=1", one_partner)
    for query in (*queries, past, f"{past}&transpose=1", f"{one_partner}&{past[1:]}"):
        urls |= {f"/heatmap{query}", f"/heatmap/figure.json{query}", f"/heatmap/export.csv{query}"}
        figure = client.get(f"/heatmap/figure.json{query}").get_json()
        links, z = figure["layout"]["meta"]["links"], figure["data"][0]["z"]
        urls |= {
            links["template"].format(x=links["x"][c], y=links["y"][r])  # as static/js/heatmap.js does
            for r, row in enumerate(z)
            for c, value in enumerate(row)
            if value is not None
        }
    bodies = {}
    for url in sorted(urls):
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.status_code < 400, (url, response.status_code)
        bodies[url] = _body(response)
    missing = client.get(foreign)
    assert missing.status_code == 404
    bodies["404"] = _body(missing)
    withheld = client.get(document)  # the partner's own certificate document, named disclosure or not
    assert withheld.status_code == 404
    bodies[document] = _body(withheld)
    refused = client.post("/partnerships/", data={"supplier_code": "NO-SUCH"})
    assert refused.status_code == 422
    bodies["422"] = _body(refused)
    meetings = [url for url in bodies if url.startswith(f"/meetings/{world.buyer.meeting.id}")]
    assert {"", "/present", "/handout", "/handout.pdf", "/tables.csv", "/tables.xlsx"} <= {
        url.removeprefix(f"/meetings/{world.buyer.meeting.id}") for url in meetings
    }
    shared, body = share_page(app, session, world)
    bodies[shared] = body
    return bodies


def canaries_in(bodies: dict[str, str]) -> set[tuple[str, str]]:
    tokens = [token for values in CANARIES.values() for token in values] + list(CERTIFICATE_CANARIES)
    return {(url, token) for url, body in bodies.items() for token in tokens if token in body}


@pytest.mark.parametrize("level", ["aggregate", "pseudonymous"])
def test_no_canary_reaches_the_buyer_in_any_page_figure_or_export(app, client, session, world, level):
    set_disclosure(session, world, level)
    bodies = buyer_bodies(app, client, session, world)
    drilldowns = [url for url in bodies if re.fullmatch(r"/heatmap/\d+/\d+.*", url)]
    assert drilldowns, "the figure links to no drill-down"
    assert canaries_in(bodies) == set()


def test_under_named_the_canary_names_do_appear_but_never_codes_or_sites(app, client, session, world):
    set_disclosure(session, world, "named")
    bodies = buyer_bodies(app, client, session, world)
    found = {token for _url, token in canaries_in(bodies)}
    assert found == {CANARIES["trainer"][0], CANARIES["engineer"][0]}
    # The meeting's key person is named on its page, the handout's PDF and tables, and the share link.
    named_in = {url for url, token in canaries_in(bodies) if token == CANARIES["trainer"][0]}
    meeting = f"/meetings/{world.buyer.meeting.id}"
    assert {meeting, f"{meeting}/handout.pdf", f"{meeting}/tables.csv", f"{meeting}/tables.xlsx"} <= named_in
    assert any(url.startswith("/shared/") for url in named_in)


def test_under_pseudonymous_people_appear_as_stable_aliases(app, client, session, world):
    set_disclosure(session, world, "pseudonymous")
    drilldown = f"/heatmap/{world.a.org.id}/{world.a.process.category_id}"
    client.post("/login", data={"email": world.buyer.viewer.email, "password": b.PASSWORD})
    first = client.get(drilldown).get_data(as_text=True)
    again = client.get(drilldown).get_data(as_text=True)
    aliases = set(ALIAS.findall(first))
    assert len(aliases) == 2  # the trainer (also the key person) and the trainee of the open plan
    assert set(ALIAS.findall(again)) == aliases


def test_under_aggregate_no_alias_is_shown_or_even_assigned(app, client, session, world):
    set_disclosure(session, world, "aggregate")
    client.post("/login", data={"email": world.buyer.viewer.email, "password": b.PASSWORD})
    page = client.get(f"/heatmap/{world.a.org.id}/{world.a.process.category_id}").get_data(as_text=True)
    assert ALIAS.findall(page.split("<main>")[1]) == []
    assert "1 key person" in page and "1 trainer" in page and "1 open plan" in page
    assert session.scalar(select(func.count()).select_from(EngineerAlias)) == 0


def test_aliases_are_per_buyer_and_not_derived_from_the_name(session):
    supplier = b.gen_supplier(session)
    engineers = [b.gen_engineer(session, supplier, name="Same Name") for _ in range(30)]
    ids = [e.id for e in engineers]
    first, second = b.gen_buyer(session), b.gen_buyer(session)
    mine = disclosure.aliases(session, first.id, supplier.id, ids)
    assert disclosure.aliases(session, first.id, supplier.id, ids) == mine  # stable
    theirs = disclosure.aliases(session, second.id, supplier.id, ids)
    assert mine != theirs
    assert len(set(mine.values())) == 30 and all(ALIAS.fullmatch(alias) for alias in mine.values())
    assert len({alias[0] for alias in mine.values()}) == 1  # one letter per (buyer, supplier)
    late = b.gen_engineer(session, supplier)
    extended = disclosure.aliases(session, first.id, supplier.id, [*ids, late.id])
    assert {k: v for k, v in extended.items() if k != late.id} == mine
    assert extended[late.id] == f"{mine[ids[0]][0]}-31"


def test_aliases_are_handed_out_in_random_order(session, monkeypatch):
    supplier = b.gen_supplier(session)
    ids = [b.gen_engineer(session, supplier).id for _ in range(12)]
    monkeypatch.setattr(disclosure, "_random", random.Random(3))
    labels = disclosure.aliases(session, b.gen_buyer(session).id, supplier.id, ids)
    numbers = [int(labels[i].split("-")[1]) for i in ids]
    assert sorted(numbers) == list(range(1, 13)) and numbers != sorted(numbers)


def test_another_suppliers_engineer_gets_no_label(session):
    supplier, other = b.gen_supplier(session), b.gen_supplier(session)
    stranger = b.gen_engineer(session, other, name="Stranger")
    buyer = b.gen_buyer(session)
    for level in ("pseudonymous", "named"):
        assert disclosure.person_labels(session, buyer.id, supplier.id, level, [stranger.id]) == {}


def test_a_disclosure_change_applies_at_the_next_request(app, client, session, world):
    drilldown = f"/heatmap/{world.a.org.id}/{world.a.process.category_id}"
    client.post("/login", data={"email": world.buyer.viewer.email, "password": b.PASSWORD})
    assert CANARIES["trainer"][0] in client.get(drilldown).get_data(as_text=True)
    set_disclosure(session, world, "aggregate")
    assert CANARIES["trainer"][0] not in client.get(drilldown).get_data(as_text=True)


def test_ending_the_partnership_cuts_every_buyer_route_at_the_next_request(app, client, session, world):
    bodies = buyer_bodies(app, client, session, world)
    links = [url for url in bodies if re.fullmatch(r"/heatmap/\d+/\d+.*", url)]
    world.buyer.partnership.status = "ended"
    world.buyer.partnership.ended_at = datetime.now()
    session.commit()
    assert all(client.get(url).status_code == 404 for url in links)
    shared = [url for url in bodies if url.startswith("/shared/")]
    assert shared and all(app.test_client().get(url).status_code == 404 for url in shared)
    figure = client.get("/heatmap/figure.json").get_json()
    assert figure["data"][0]["x"] == [] and figure["data"][0]["z"] == []
    assert world.a.org.name not in client.get("/heatmap/export.csv").get_data(as_text=True)
