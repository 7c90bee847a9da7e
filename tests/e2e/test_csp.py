"""Under the app's own Content-Security-Policy (tracker/web/headers.py, which explains plotly's two
style hashes) the main pages of a supplier and a buyer work in both languages: no violation, and
the plotly maps draw."""

from __future__ import annotations

import pytest

from tests.builders import TODAY
from tests.e2e.conftest import log_in
from tracker import db, demo
from tracker.web.headers import CSP

# Every `securitypolicyviolation` event of a page, kept on window before any page script runs.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`;
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""
PLOT_DRAWN = """(selector) => {
  const plot = document.querySelector(selector);
  return plot.classList.contains("js-plotly-plot") && plot.querySelectorAll("svg.main-svg").length > 0
    && plot.querySelectorAll(".hm image").length > 0;
}"""


@pytest.fixture
def strict_app(live_app):
    app, base_url = live_app
    with app.app_context():
        demo.load(db.session(), today=TODAY)
        db.session().commit()
    return base_url


@pytest.fixture
def watched(page):
    """The page, recording CSP violations (events and console reports) and script errors."""
    problems: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)

    def console(message):
        if "Content Security Policy" in message.text:
            problems.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    return page, problems


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    assert response.headers["content-security-policy"] == CSP


def violations(page) -> list[str]:
    return page.evaluate("() => window.cspViolations")


def assert_plot_drawn(page, selector: str) -> None:
    page.wait_for_selector(f"{selector}[data-ready=true]")
    assert page.evaluate(PLOT_DRAWN, selector), selector


def each_language(page):
    """Yield the page's language twice: as it opens, then after the language switch."""
    first = page.locator("html").get_attribute("lang")
    yield first
    page.click(".language-switch button")
    page.wait_for_selector(f"html:not([lang={first}])")
    second = page.locator("html").get_attribute("lang")
    assert {first, second} == {"en", "ja"}
    yield second


def test_the_supplier_pages_work_under_a_strict_csp(strict_app, watched):
    page, problems = watched
    base_url = strict_app
    log_in(page, base_url, f"yamada-admin@{demo.DOMAIN}", demo.PASSWORD)
    page.wait_for_url("**/overview")
    for language in each_language(page):
        visit(page, f"{base_url}/overview")
        assert page.locator("table.overview tbody tr").count() > 0

        visit(page, f"{base_url}/matrix")
        assert_plot_drawn(page, "#matrix-heatmap")
        page.locator("table.matrix tbody a.level").first.click()
        page.wait_for_selector("#level-dialog[open]")
        assert " · " in page.locator("#level-dialog-title").inner_text()
        page.click("#level-dialog button[value=cancel]")
        page.wait_for_selector("#level-dialog:not([open])", state="attached")
        assert violations(page) == [], language

        visit(page, f"{base_url}/training/")
        visit(page, f"{base_url}/training/new")
        assert page.locator("#from-level").inner_text() == "—"
        page.select_option("select[name=trainee_id]", index=1)
        page.select_option("select[name=process_id]", index=1)
        assert page.locator("#from-level").inner_text() != "—"
        assert violations(page) == [], language

        visit(page, f"{base_url}/heatmap/own")
        assert_plot_drawn(page, "#own-heatmap")
        assert violations(page) == [], language

        visit(page, f"{base_url}/spreadsheets/")
        assert page.locator("form[enctype='multipart/form-data'] button[data-busy]").count() == 1
        assert violations(page) == [], language
    assert problems == []


def test_the_buyer_map_and_drilldown_work_under_a_strict_csp(strict_app, watched):
    page, problems = watched
    base_url = strict_app
    log_in(page, base_url, f"buyer-admin@{demo.DOMAIN}", demo.PASSWORD)
    page.wait_for_url("**/heatmap")
    for language in each_language(page):
        visit(page, f"{base_url}/heatmap")
        assert_plot_drawn(page, "#heatmap")
        assert violations(page) == [], language
        page.locator("table.worst tbody a").first.click()
        page.wait_for_url("**/heatmap/*/*")
        assert page.locator("table.drilldown tbody tr").count() > 0
        assert violations(page) == [], language

        visit(page, f"{base_url}/meetings/")
        page.wait_for_selector("#trend[data-ready=true]")
        page.locator("table.meetings tbody a").first.click()
        assert_plot_drawn(page, "#meeting-map")
        page.click("text=" + ("会議モード" if language == "ja" else "Meeting mode"))
        assert_plot_drawn(page, "#meeting-map")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("location.hash === '#s-changes'")
        assert violations(page) == [], language
        page.goto(f"{base_url}/heatmap")  # the language switch is on pages with the header
    assert problems == []


def test_the_csp_watch_sees_a_violation(strict_app, watched):
    """The two tests above could not fail if the header or the watch were missing."""
    page, problems = watched
    visit(page, f"{strict_app}/login")
    page.evaluate("() => document.body.append(Object.assign(document.createElement('script'), {text: '1'}))")
    page.wait_for_function("() => window.cspViolations.length > 0")
    assert violations(page)[0].startswith("script-src")
    assert any("Content Security Policy" in problem for problem in problems)
