"""The demo buyer opens the heatmap, counts its cells, clicks one and lands on that cell's drill-down."""

from __future__ import annotations

from sqlalchemy import select

from tests.builders import TODAY
from tests.e2e.conftest import log_in, screenshot
from tracker import db, demo
from tracker.heatmap.service import buyer_heatmap
from tracker.models import Organization
from tracker.tenancy import Scope

CELL_CENTRE = """([column, row]) => {
  const plot = document.querySelector("#heatmap");
  const x = plot._fullLayout.xaxis, y = plot._fullLayout.yaxis, box = plot.getBoundingClientRect();
  return {x: box.left + x._offset + x.l2p(column), y: box.top + y._offset + y.l2p(row)};
}"""
FILLED = "() => document.querySelector('#heatmap').data[0].z.flat().filter((v) => v !== null).length"


def test_the_buyer_clicks_a_heatmap_cell_and_lands_on_its_drilldown(live_app, page):
    app, base_url = live_app
    with app.app_context():
        session = db.session()
        demo.load(session, today=TODAY)
        session.commit()
        buyer = session.scalar(select(Organization).where(Organization.kind == "buyer"))
        heatmap = buyer_heatmap(session, Scope.of(buyer), TODAY)
    columns = [p.supplier_id for p in heatmap.partners]
    rows = [c.id for c in heatmap.categories]
    target = max(heatmap.cells, key=lambda cell: (cell.dependency, cell.supplier_id, cell.category_id))
    supplier_id, category_id = target.supplier_id, target.category_id

    log_in(page, base_url, f"buyer-admin@{demo.DOMAIN}", demo.PASSWORD)
    page.wait_for_url("**/heatmap")
    page.wait_for_selector("#heatmap[data-ready=true]")
    assert page.evaluate(FILLED) == len(heatmap.cells)
    assert page.evaluate("() => document.querySelector('#heatmap').data[0].x.length") == 3

    page.locator("#heatmap").scroll_into_view_if_needed()
    point = page.evaluate(CELL_CENTRE, [columns.index(supplier_id), rows.index(category_id)])
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(f"**/heatmap/{supplier_id}/{category_id}")
    assert target.code in page.locator("table.drilldown").inner_text()
    screenshot(page, "buyer-drilldown")
    page.go_back()
    page.wait_for_selector("#heatmap[data-ready=true]")
    screenshot(page, "buyer-heatmap")

    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("h1").startswith("Dependency heatmap")
    page.click(".language-switch button")
    page.wait_for_selector("html[lang=ja]")
    page.goto(f"{base_url}/heatmap?transpose=1")
    page.wait_for_selector("#heatmap[data-ready=true]")
    assert page.evaluate(FILLED) == len(heatmap.cells)
    assert page.get_attribute("html", "lang") == "ja"
    assert page.inner_text("h1").startswith("属人度ヒートマップ")  # "Dependency heatmap" in Japanese
    screenshot(page, "buyer-heatmap-ja")


def test_a_supplier_sees_its_own_map_and_the_matrix_as_a_heatmap(live_app, page):
    app, base_url = live_app
    with app.app_context():
        session = db.session()
        demo.load(session, today=TODAY)
        session.commit()
    log_in(page, base_url, f"yamada-admin@{demo.DOMAIN}", demo.PASSWORD)
    page.goto(f"{base_url}/heatmap/own")
    page.wait_for_selector("#own-heatmap[data-ready=true]")
    assert page.evaluate("() => document.querySelector('#own-heatmap').data[0].x.length") >= 1
    screenshot(page, "supplier-own-heatmap")
    page.goto(f"{base_url}/matrix")
    page.wait_for_selector("#matrix-heatmap[data-ready=true]")
    rows = page.locator("table.matrix tbody tr").count()
    assert page.evaluate("() => document.querySelector('#matrix-heatmap').data[0].y.length") == rows
    screenshot(page, "supplier-matrix-heatmap")
