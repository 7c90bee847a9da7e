"""A supplier editor logs in, changes a level in the matrix, and sees Q and D change."""

from __future__ import annotations

from datetime import date

from tests import builders as b
from tests.e2e.conftest import log_in, screenshot
from tracker import db


def test_editor_changes_a_level_and_sees_q_and_d_change(live_app, page):
    app, base_url = live_app
    with app.app_context():
        session = db.session()
        supplier = b.gen_supplier(session, name="山田精工")
        editor = b.gen_user(session, supplier, "editor", email="editor@example.test")
        process = b.gen_process(session, supplier, code="W-01", name="TIG溶接", criticality="B")
        veteran = b.gen_engineer(session, supplier, name="佐藤 一郎")
        junior = b.gen_engineer(session, supplier, name="鈴木 花子")
        b.gen_level(session, veteran, process, 4, date(2025, 1, 1))
        b.gen_level(session, junior, process, 2, date(2025, 1, 1))
        session.commit()
        process_id, junior_id = process.id, junior.id

    log_in(page, base_url, editor.email, b.PASSWORD)
    page.goto(f"{base_url}/matrix")
    q_cell = page.locator(f"tfoot td.q[data-process='{process_id}']")
    d_cell = page.locator(f"tfoot td.d[data-process='{process_id}']")
    assert (q_cell.inner_text(), d_cell.inner_text()) == ("1", "100")

    page.click(f"tr[data-engineer='{junior_id}'] a[href$='/{junior_id}/{process_id}']")
    page.select_option("#level-dialog select[name=level]", "3")
    screenshot(page, "matrix-level-dialog")
    page.click("#level-dialog button.primary")

    page.wait_for_selector(".flash-success")
    assert (q_cell.inner_text(), d_cell.inner_text()) == ("2", "0")
    screenshot(page, "matrix-after-change")
