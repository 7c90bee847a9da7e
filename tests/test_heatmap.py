"""The buyer's heatmap, its cache, the figure, the supplier's own map and the plotly.js route."""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import timedelta
from importlib import resources
from types import SimpleNamespace

import plotly.graph_objects as go
import pytest
from sqlalchemy import event, select

from tests import builders as b
from tests.builders import TODAY
from tracker import create_app, db
from tracker.heatmap import cache, service
from tracker.models import DataVersion, Process, ProcessCategory
from tracker.scoring_sql import score_processes, truck_factor
from tracker.tenancy import Scope


def _categories(session, n=3):
    return session.scalars(select(ProcessCategory).order_by(ProcessCategory.position).limit(n)).all()


@pytest.fixture
def portfolio(session):
    """A buyer partnered with North (two sites) and South, a proposal to West, an ended one with East."""
    welding, heat, cnc = _categories(session)
    buyer = b.gen_buyer(session, name="Towa Motors")
    ns = SimpleNamespace(buyer=buyer, welding=welding, heat=heat, cnc=cnc)
    ns.viewer = b.gen_user(session, buyer, "viewer")
    ns.north = b.gen_supplier(session, name="North Works")
    ns.south = b.gen_supplier(session, name="South Works")
    ns.west = b.gen_supplier(session, name="West Works")
    ns.east = b.gen_supplier(session, name="East Works")
    ns.north_admin = b.gen_user(session, ns.north, "admin")
    veteran = b.gen_engineer(session, ns.north, retires_on=TODAY + timedelta(days=200))
    solid = b.gen_engineer(session, ns.north)
    steady = b.gen_engineer(session, ns.north)
    ns.learner = b.gen_engineer(session, ns.north)
    # North, welding: one process held by a retiring veteran alone (critical), one covered.
    ns.w1 = b.gen_process(session, ns.north, welding, code="W-01", criticality="A", site="Main")
    ns.w2 = b.gen_process(session, ns.north, welding, code="W-02", criticality="B", site="East")
    b.gen_level(session, veteran, ns.w1, 4, TODAY - timedelta(days=30))
    b.gen_level(session, ns.learner, ns.w1, 2, TODAY - timedelta(days=30))
    for engineer in (solid, steady):
        b.gen_level(session, engineer, ns.w2, 3, TODAY - timedelta(days=30))
    # North, heat treatment: only a C process (not critical: no cell).
    c_process = b.gen_process(session, ns.north, heat, code="H-01", criticality="C")
    b.gen_level(session, solid, c_process, 4, TODAY - timedelta(days=30))
    # South, CNC: two holders, R = 3 (high).
    ns.n1 = b.gen_process(session, ns.south, cnc, code="N-01", criticality="A", site="Main")
    for _ in range(2):
        b.gen_level(session, b.gen_engineer(session, ns.south), ns.n1, 3, TODAY - timedelta(days=30))
    for supplier in (ns.west, ns.east):
        b.gen_process(session, supplier, welding, code="X-01")
    b.gen_partnership(session, buyer, ns.north)
    b.gen_partnership(session, buyer, ns.south, disclosure="named")
    b.gen_partnership(session, buyer, ns.west, status="proposed")
    b.gen_partnership(session, buyer, ns.east, status="ended")
    ns.plan = b.gen_plan(
        session, ns.learner, veteran, ns.w1, from_level=2, target_level=3,
        starts_on=TODAY, due_on=TODAY + timedelta(days=90), status="in_progress",
    )  # fmt: skip
    session.commit()
    return ns


def scores_by_process(session, where, on, **kw):
    return {item.process.id: item.score for item in score_processes(session, where, on, **kw)}


def test_cells_hold_the_highest_dependency_of_the_critical_processes(session, portfolio):
    heatmap = service.buyer_heatmap(session, Scope.of(portfolio.buyer), TODAY)
    p = portfolio
    assert [partner.name for partner in heatmap.partners] == ["North Works", "South Works"]
    cells = heatmap.by_position()
    assert set(cells) == {(p.north.id, p.welding.id), (p.south.id, p.cnc.id)}
    reference = scores_by_process(session, Process.id.in_([p.w1.id, p.w2.id, p.n1.id]), TODAY)
    welding = cells[p.north.id, p.welding.id]
    assert (welding.code, welding.processes) == ("W-01", 2)
    assert welding.dependency == pytest.approx(reference[p.w1.id].dependency)
    assert welding.band == "critical"
    cnc = cells[p.south.id, p.cnc.id]
    assert (cnc.band, cnc.qualified, cnc.dependency) == ("high", 2, 50.0)
    assert [c.id for c in heatmap.categories] == [p.welding.id, p.cnc.id]


@pytest.mark.parametrize(
    ("filters", "cells"),
    [
        (service.Filters(criticality="B"), {("north", "welding", "W-02")}),
        (service.Filters(criticality="A"), {("north", "welding", "W-01"), ("south", "cnc", "N-01")}),
        (service.Filters(site="East"), {("north", "welding", "W-02")}),
        (service.Filters(category_id="cnc"), {("south", "cnc", "N-01")}),
    ],
)
def test_filters_narrow_the_cells(session, portfolio, filters, cells):
    if filters.category_id == "cnc":
        filters = service.Filters(category_id=portfolio.cnc.id)
    heatmap = service.buyer_heatmap(session, Scope.of(portfolio.buyer), TODAY, filters)
    got = {
        (name, category, cell.code)
        for (sid, cid), cell in heatmap.by_position().items()
        for name in ("north", "south")
        if getattr(portfolio, name).id == sid
        for category in ("welding", "cnc")
        if getattr(portfolio, category).id == cid
    }
    assert got == cells
    assert len(heatmap.partners) == 2  # every partner stays a column, empty or not


def test_the_projection_takes_open_plans_as_delivered(session, portfolio):
    heatmap = service.buyer_heatmap(
        session, Scope.of(portfolio.buyer), TODAY, service.Filters(projected=True)
    )
    until = service.scoring_date(TODAY, True)[0]
    reference = scores_by_process(session, Process.id == portfolio.w1.id, until, plans_until=until)
    cell = heatmap.by_position()[portfolio.north.id, portfolio.welding.id]
    assert heatmap.on == until and cell.code == "W-01"
    assert cell.qualified == reference[portfolio.w1.id].qualified == 1  # the veteran has retired
    assert cell.dependency == pytest.approx(reference[portfolio.w1.id].dependency)


def test_the_portfolio_summary(session, portfolio):
    summary = service.buyer_portfolio(session, Scope.of(portfolio.buyer), TODAY)
    filters = service.Filters()
    assert summary.bands(filters) == {"critical": 1, "covered": 1, "high": 1}
    assert [p.code for p in summary.worst(filters)] == ["W-01", "N-01", "W-02"]
    ranked = [(p.supplier_id, factor) for p, factor in summary.by_truck_factor()]
    assert ranked == [
        (s.id, truck_factor(session, s.id, TODAY)[0]) for s in (portfolio.north, portfolio.south)
    ]
    assert [factor for _sid, factor in ranked] == [2, 2]
    assert summary.sites() == ["East", "Main"]


@pytest.mark.parametrize(
    ("steps", "factor"), [([], 0), ([0, 0, 1], 0), ([1, 2, 3], 2), ([2, 2, 1, 5], 2), ([1], 1)]
)
def test_truck_factor_from_removal_steps(steps, factor):
    assert service.truck_factor_from_steps(steps) == factor


def test_the_figure_is_a_valid_plotly_heatmap_fixed_to_0_100(client, auth, portfolio):
    auth.login(portfolio.viewer)
    figure = client.get("/heatmap/figure.json").get_json()
    go.Figure(figure["data"], figure["layout"])  # raises on anything plotly does not know
    trace = figure["data"][0]
    assert (trace["zmin"], trace["zmax"], trace["colorbar"]["tickvals"]) == (0, 100, [0, 25, 50, 75, 100])
    assert "critical" in trace["colorbar"]["ticktext"][-1] and "covered" in trace["colorbar"]["ticktext"][0]
    assert trace["x"] == ["North Works", "South Works"]
    assert trace["z"][0][1] is None  # South has no welding: blank, not 0
    assert trace["z"][0][0] == 100.0
    links = figure["layout"]["meta"]["links"]
    assert (links["x"], links["y"]) == (
        [portfolio.north.id, portfolio.south.id],
        [portfolio.welding.id, portfolio.cnc.id],
    )
    link = links["template"].format(x=links["x"][0], y=links["y"][0])  # as static/js/heatmap.js does
    assert link == f"/heatmap/{portfolio.north.id}/{portfolio.welding.id}"
    assert client.get(link).status_code == 200


def test_transposing_swaps_rows_and_columns(client, auth, portfolio):
    auth.login(portfolio.viewer)
    plain = client.get("/heatmap/figure.json").get_json()["data"][0]
    turned = client.get("/heatmap/figure.json?transpose=1").get_json()["data"][0]
    assert (turned["x"], turned["y"]) == (plain["y"], plain["x"])
    links = client.get("/heatmap/figure.json?transpose=1&criticality=A").get_json()["layout"]["meta"]["links"]
    assert links["template"] == "/heatmap/{y}/{x}?criticality=A"
    assert turned["z"] == [list(column) for column in zip(*plain["z"], strict=True)]


def test_the_figure_is_gzipped_and_revalidated_by_etag(client, auth, portfolio):
    auth.login(portfolio.viewer)
    response = client.get("/heatmap/figure.json", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.data))["data"][0]["type"] == "heatmap"
    again = client.get("/heatmap/figure.json", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


class StatementCounter:
    def __init__(self, app):
        self.engine, self.count = db.engine_of(app), 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)

    def _count(self, *args):
        self.count += 1


@pytest.mark.parametrize("url", ["/heatmap/figure.json", "/heatmap", "/heatmap?mode=projected"])
def test_a_heatmap_request_issues_at_most_three_statements_whatever_the_partner_count(
    app, client, auth, session, portfolio, url
):
    auth.login(portfolio.viewer)
    client.get(url)  # the day's first request brings the stored scores up to date
    counts = []
    for _ in range(2):
        for _ in range(5):  # more partners, more processes: the same number of statements
            supplier = b.gen_supplier(session)
            b.gen_level(session, b.gen_engineer(session, supplier), b.gen_process(session, supplier), 3)
            b.gen_partnership(session, portfolio.buyer, supplier)
        session.commit()
        with StatementCounter(app) as cold:
            assert client.get(url).status_code == 200
        with StatementCounter(app) as warm:
            client.get(url)
        counts.append((cold.count, warm.count))
    assert counts[0] == counts[1]
    cold, warm = counts[0]
    assert cold <= 3  # the user with the data version, then the map's statements
    assert warm == 1  # the user with the data version: the map comes from the cache


def test_any_write_invalidates_the_cached_heatmap(client, auth, session, portfolio):
    auth.login(portfolio.viewer)
    figure = client.get("/heatmap/figure.json").get_json()
    assert figure["data"][0]["z"][0][0] == 100.0
    for _ in range(2):
        b.gen_level(session, b.gen_engineer(session, portfolio.north), portfolio.w1, 3, TODAY)
    session.commit()
    figure = client.get("/heatmap/figure.json").get_json()
    assert figure["data"][0]["z"][0][0] < 100.0


def test_another_worker_on_the_same_database_sees_a_write_at_once(app, client, auth, session, portfolio):
    other = create_app(dict(app.config))  # a second worker: its own process-local cache
    other_client = other.test_client()
    other_client.post("/login", data={"email": portfolio.viewer.email, "password": b.PASSWORD})
    auth.login(portfolio.viewer)
    for c in (client, other_client):
        assert c.get("/heatmap/figure.json").get_json()["data"][0]["z"][0][0] == 100.0
    with other.app_context():  # the write goes through the second worker
        other_session = db.session()
        engineer = b.gen_engineer(other_session, portfolio.north)
        process = other_session.get(Process, portfolio.w1.id)
        b.gen_level(other_session, engineer, process, 4, TODAY)
        b.gen_level(other_session, b.gen_engineer(other_session, portfolio.north), process, 4, TODAY)
        other_session.commit()
    assert client.get("/heatmap/figure.json").get_json()["data"][0]["z"][0][0] < 100.0
    db.engine_of(other).dispose()


def test_a_cached_result_is_kept_per_version_and_date():
    results = cache.Results(size=4)
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert results.get_or_compute(1, TODAY, "k", compute) == 1
    assert results.get_or_compute(1, TODAY, "k", compute) == 1
    assert results.get_or_compute(1, TODAY + timedelta(days=1), "k", compute) == 2  # a new day
    assert results.get_or_compute(2, TODAY, "k", compute) == 3  # a write
    assert results.get_or_compute(None, TODAY, "k", compute) == 4  # no version yet: never cached
    assert results.get_or_compute(1, TODAY, "k", compute) == 5  # the version went back: restored


def test_writes_to_users_or_the_audit_trail_keep_the_cache(session, portfolio):
    def version():
        return session.scalar(select(DataVersion.version))

    before = version()
    b.gen_user(session, portfolio.buyer, "viewer")
    session.commit()
    assert version() == before
    portfolio.north.name = "North Works Ltd"
    session.commit()
    assert version() == before + 1


def test_the_export_lists_the_selected_critical_processes(client, auth, portfolio):
    auth.login(portfolio.viewer)
    response = client.get("/heatmap/export.csv?criticality=A")
    assert response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert [line.split(",")[3] for line in lines[1:]] == ["W-01", "N-01"]


def test_the_export_escapes_supplier_text_a_spreadsheet_would_run(client, auth, session, portfolio):
    """Names and sites are typed by the supplier: the buyer's CSV must not hand Excel a formula."""
    b.gen_process(
        session, portfolio.south, portfolio.cnc, code="=1+1", name='=HYPERLINK("http://x")', site="@SUM(1)"
    )
    session.commit()
    auth.login(portfolio.viewer)
    rows = list(
        csv.reader(io.StringIO(client.get("/heatmap/export.csv").get_data(as_text=True).lstrip("\ufeff")))
    )
    row = next(row for row in rows if "=1+1" in row[3])
    assert (row[3], row[4], row[6]) == ("'=1+1", '\'=HYPERLINK("http://x")', "'@SUM(1)")


def test_the_drilldown_lists_the_category_processes_worst_first(client, auth, portfolio):
    auth.login(portfolio.viewer)
    page = client.get(f"/heatmap/{portfolio.north.id}/{portfolio.welding.id}").get_data(as_text=True)
    assert page.index("W-01") < page.index("W-02")
    assert "1 key person" in page and "1 open plan" in page


def test_a_category_that_does_not_exist_answers_404(client, auth, portfolio):
    auth.login(portfolio.viewer)
    assert client.get(f"/heatmap/{portfolio.north.id}/99999").status_code == 404


def test_the_supplier_sees_its_own_map_by_category_or_process_and_site(client, auth, session, portfolio):
    auth.login(portfolio.north_admin)
    page = client.get("/heatmap/own").get_data(as_text=True)
    figure = json.loads(page.split('id="own-figure">')[1].split("</script>")[0])
    go.Figure(figure["data"], figure["layout"])
    trace = figure["data"][0]
    assert trace["x"] == ["East", "Main"] and len(trace["y"]) == 1
    assert trace["z"] == [[0.0, 100.0]]
    by_process = client.get("/heatmap/own?rows=process").get_data(as_text=True)
    trace = json.loads(by_process.split('id="own-figure">')[1].split("</script>")[0])["data"][0]
    assert trace["y"] == ["W-01 · " + portfolio.w1.name, "W-02 · " + portfolio.w2.name]
    assert trace["z"] == [[None, 100.0], [0.0, None]]


def test_the_matrix_page_shows_the_level_heatmap_beside_the_grid(client, auth, portfolio):
    auth.login(portfolio.north_admin)
    page = client.get("/matrix").get_data(as_text=True)
    figure = json.loads(page.split('id="matrix-figure">')[1].split("</script>")[0])
    go.Figure(figure["data"], figure["layout"])
    assert figure["data"][0]["zmin"] == -0.5 and 'id="matrix"' in page


def test_plotly_js_is_served_from_the_installed_package_without_login(client):
    from tracker.heatmap.views import PLOTLY_VERSION

    response = client.get(f"/vendor/plotly-{PLOTLY_VERSION}.min.js")
    assert response.status_code == 200
    assert response.data == resources.files("plotly").joinpath("package_data", "plotly.min.js").read_bytes()
    assert (
        "immutable" in response.headers["Cache-Control"]
        and "max-age=31536000" in response.headers["Cache-Control"]
    )
    packed = client.get(f"/vendor/plotly-{PLOTLY_VERSION}.min.js", headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(packed.data) == response.data
    assert client.get("/vendor/plotly-0.0.1.min.js").status_code == 404


@pytest.mark.parametrize("stored", [True, False], ids=["stored", "from-levels"])
def test_the_supplier_filter_keeps_one_partner_on_the_map(session, portfolio, stored):
    filters = service.Filters(supplier_id=portfolio.south.id, projected=not stored)
    heatmap = service.buyer_heatmap(session, Scope.of(portfolio.buyer), TODAY, filters)
    assert [p.supplier_id for p in heatmap.partners] == [portfolio.south.id]
    assert {cell.supplier_id for cell in heatmap.cells} == {portfolio.south.id}


def test_the_supplier_filter_reaches_the_page_figure_and_export(client, auth, portfolio):
    auth.login(portfolio.viewer)
    figure = client.get(f"/heatmap/figure.json?supplier={portfolio.north.id}").get_json()
    assert figure["data"][0]["x"] == ["North Works"]
    lines = (
        client.get(f"/heatmap/export.csv?supplier={portfolio.north.id}").get_data(as_text=True).splitlines()
    )
    assert lines[1:] and all(line.startswith("North Works,") for line in lines[1:])
    page = client.get(f"/heatmap?supplier={portfolio.north.id}").get_data(as_text=True)
    assert f'<option value="{portfolio.north.id}" selected>North Works</option>' in page
    assert page.index('id="heatmap"') < page.index('class="portfolio"')  # the map comes first


@pytest.mark.parametrize("value", ["10" * 20, "-1", "x"])
def test_an_impossible_supplier_or_category_is_ignored(client, auth, portfolio, value):
    auth.login(portfolio.viewer)
    for name in ("supplier", "category"):
        assert client.get(f"/heatmap/figure.json?{name}={value}").status_code == 200


def test_hover_text_shows_quotes_as_typed(client, auth, session, portfolio):
    portfolio.n1.name = 'Bore "B" <fine>'
    session.commit()
    auth.login(portfolio.viewer)
    text = str(client.get("/heatmap/figure.json").get_json()["data"][0]["customdata"])
    assert 'Bore "B" &lt;fine&gt;' in text and "&quot;" not in text


def test_the_toolbar_speaks_the_users_language(client, auth, portfolio):
    auth.login(portfolio.viewer)
    assert "locale" not in client.get("/heatmap/figure.json").get_json()["config"]
    client.post("/language", data={"language": "ja"})
    config = client.get("/heatmap/figure.json").get_json()["config"]
    assert config["locale"] == "ja" and config["locales"]["ja"]["dictionary"]["Zoom"] == "ズーム"
