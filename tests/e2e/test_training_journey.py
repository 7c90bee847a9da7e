"""Supplier HR turns a red process into a better covered one, and the projection saw it coming."""

from __future__ import annotations

from datetime import timedelta

from tests import builders as b
from tests.builders import TODAY
from tests.e2e.conftest import log_in, screenshot
from tracker import db, demo


def _overview_d(page, process_id: int) -> tuple[str, str]:
    row = page.locator(f"table.overview tr[data-process='{process_id}']")
    return row.locator("td.now").inner_text(), row.locator("td.num.projected").inner_text()


def test_hr_plans_trains_assesses_and_closes_and_the_scores_follow(live_app, page):
    app, base_url = live_app
    with app.app_context():
        session = db.session()
        supplier = b.gen_supplier(session, name="山田精工")
        editor = b.gen_user(session, supplier, "editor", email="hr@example.test", name="人事 花子")
        process = b.gen_process(session, supplier, code="W-01", name="TIG溶接（ブラケット）", criticality="A")
        veteran = b.gen_engineer(session, supplier, name="佐藤 一郎")
        trainee = b.gen_engineer(session, supplier, name="鈴木 健一")
        b.gen_level(session, veteran, process, 4, TODAY - timedelta(days=800))
        b.gen_level(session, trainee, process, 2, TODAY - timedelta(days=200))
        session.commit()
        process_id, veteran_id, trainee_id = process.id, veteran.id, trainee.id

    log_in(page, base_url, editor.email, b.PASSWORD)
    page.goto(f"{base_url}/overview")
    assert _overview_d(page, process_id) == ("100", "100")

    # Open a plan for the trainee on the critical process, due within the projection horizon.
    page.goto(f"{base_url}/training/new?process_id={process_id}")
    page.select_option("select[name=trainee_id]", str(trainee_id))
    assert page.locator("#from-level").inner_text().startswith("L")
    page.select_option("select[name=trainer_id]", str(veteran_id))
    page.select_option("select[name=target_level]", "3")
    page.fill("input[name=starts_on]", (TODAY - timedelta(days=30)).isoformat())
    page.fill("input[name=due_on]", (TODAY + timedelta(days=90)).isoformat())
    page.fill("textarea[name=notes]", "パートナー会議で合意")
    screenshot(page, "training-new-plan")
    page.click("form.plan-form button.primary")
    page.wait_for_selector("#session-form")
    plan_url = page.url

    # The projection shows the change before it happens.
    page.goto(f"{base_url}/overview")
    assert _overview_d(page, process_id) == ("100", "50")
    shortfall = page.locator(f"td.shortfall[data-process='{process_id}']").inner_text()
    assert "1 plan due" in shortfall and "Still needs 1 more at U" in shortfall
    screenshot(page, "training-overview-projected")

    # Three sessions, the last one assessing U.
    page.goto(plan_url)
    for days_ago, hours, content in (
        (20, "2", "作業標準書の読み合わせ"),
        (10, "3", "OJT：段取り替え"),
        (0, "1.5", "単独作業の確認"),
    ):
        page.fill("input[name=held_on]", (TODAY - timedelta(days=days_ago)).isoformat())
        page.fill("input[name=hours]", hours)
        page.fill("textarea[name=content]", content)
        if days_ago == 0:
            page.select_option("select[name=level_assessed]", "3")
            page.fill("input[name=assessor]", "製造課長")
        page.click("#session-form button.primary")
        page.wait_for_selector(".flash-success")
    assert page.locator("#total-hours").inner_text() == "6.5"
    assert page.locator("#now-level").get_attribute("data-level") == "3"
    assert page.locator("table.sessions tbody tr").count() == 3
    screenshot(page, "training-plan-target-reached")

    # Close the plan through the offered action, confirming the dialog.
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#close-offer button")
    page.wait_for_selector(".flash-success")
    assert page.locator(".badge.status-done").count() == 1
    assert page.locator("#close-offer").count() == 0

    # The matrix and the overview agree: Q rose, D fell.
    page.goto(f"{base_url}/matrix")
    q_cell = page.locator(f"tfoot td.q[data-process='{process_id}']")
    d_cell = page.locator(f"tfoot td.d[data-process='{process_id}']")
    assert (q_cell.inner_text(), d_cell.inner_text()) == ("2", "50")
    screenshot(page, "training-matrix-after")
    page.goto(f"{base_url}/overview")
    assert _overview_d(page, process_id) == ("50", "50")
    row = page.locator(f"table.overview tr[data-process='{process_id}']")
    assert row.locator("td").nth(4).inner_text() == "2"
    screenshot(page, "training-overview-after")

    page.click(".language-switch button")
    page.wait_for_selector("html[lang=ja]")
    screenshot(page, "training-overview-after-ja")
    page.goto(plan_url)
    screenshot(page, "training-plan-done-ja")


def test_the_skill_transfer_pages_read_well_on_the_demo_data(live_app, page):
    app, base_url = live_app
    with app.app_context():
        demo.load(db.session(), seed=7, today=TODAY)
        db.session().commit()
    log_in(page, base_url, "yamada-admin@densho.example", demo.PASSWORD)
    pages = {
        "overview": "/overview",
        "index": "/training/",
        "trainers": "/training/trainers",
        "alerts": "/alerts/",
        "audit": "/audit/",
    }
    for name, path in pages.items():
        response = page.goto(base_url + path)
        assert response.status == 200, path
        screenshot(page, f"training-demo-{name}")
    page.goto(f"{base_url}/training/")
    page.locator("table.plans tbody tr a").first.click()
    screenshot(page, "training-demo-plan")
    page.goto(f"{base_url}/training/what-if")
    for box in page.locator("input[name=engineers]").all()[:3]:
        box.check()
    page.click("form.what-if-form button")
    page.wait_for_selector("#what-if-results")
    screenshot(page, "training-demo-what-if")
    page.click(".language-switch button")
    page.wait_for_selector("html[lang=ja]")
    for name in ("alerts", "index"):
        page.goto(base_url + pages[name])
        screenshot(page, f"training-demo-{name}-ja")
