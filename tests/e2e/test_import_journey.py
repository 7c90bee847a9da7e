"""A supplier editor uploads an Excel skills matrix, reads the preview, confirms, sees the matrix filled."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from tests import builders as b
from tests.e2e.conftest import log_in, screenshot
from tracker import db
from tracker.models import Engineer


def level_shown(page, engineer_id: int, process_id: int) -> str:
    """The level the matrix shows in a cell (its link ends in /<engineer>/<process>)."""
    levels = page.eval_on_selector_all(
        "a[data-level]",
        "(links, path) => links"
        ".filter(a => new URL(a.href).pathname.endsWith(path)).map(a => a.dataset.level)",
        f"/{engineer_id}/{process_id}",
    )
    assert len(levels) == 1, levels
    return levels[0]


def test_editor_imports_a_matrix_and_sees_it_filled(live_app, page, tmp_path):
    app, base_url = live_app
    with app.app_context():
        session = db.session()
        supplier = b.gen_supplier(session, name="山田精工", code="YAMADA")
        editor = b.gen_user(session, supplier, "editor", email="editor@example.test")
        welding = b.gen_process(session, supplier, code="W-01", name="TIG溶接", criticality="B")
        b.gen_process(session, supplier, code="H-01", name="焼入れ")
        session.commit()
        welding_id = welding.id
    rows = [
        ["2026年度 星取表"],
        ["社員番号", "氏名", "拠点", "入社日", "退職予定日", "W-01", "H-01", "NC旋盤"],
        ["E001", "佐藤 一郎", "本社", date(1985, 4, 1), date(2027, 3, 31), "◎", "○", "△"],
        ["E002", "鈴木 花子", "本社", date(2015, 4, 1), None, "○", "△", "×"],
        ["E003", "高橋 健", "第二工場", "2020/4/1", None, "U", None, "I"],
    ]
    path = tmp_path / "星取表.xlsx"
    path.write_bytes(b.gen_xlsx(rows, title="星取表"))

    log_in(page, base_url, editor.email, b.PASSWORD)
    page.goto(f"{base_url}/matrix")
    page.click("text=Import / export")
    page.set_input_files("input[type=file]", str(path))
    page.click("text=Upload and preview")

    page.wait_for_selector("h1:has-text('Import preview')")
    assert page.inner_text("[data-count=new-engineers] .figure") == "3"
    assert page.inner_text("[data-count=new-processes] .figure") == "1"
    assert page.inner_text("[data-count=level-changes] .figure") == "8"
    assert page.locator("table.mapping tr[data-column='8']").count() == 1
    assert page.inner_text("[data-count=problems] .figure") == "1"  # the new process needs a category
    assert page.is_disabled("button[value=confirm]")
    screenshot(page, "import-preview-mapping")

    page.select_option("select[name='mapping-0-category_id']", label="CNC machining")
    page.select_option("select[name='mapping-0-criticality']", "B")
    page.click("button[value=preview]")
    page.wait_for_selector("[data-count=problems] .figure:text-is('0')")
    assert page.inner_text("[data-count=level-changes] .figure") == "8"
    assert page.is_enabled("button[value=confirm]")
    screenshot(page, "import-preview")

    page.click("button[value=confirm]")
    page.wait_for_selector(".flash-success")
    assert "/matrix" in page.url
    with app.app_context():
        engineers = {e.employee_code: e.id for e in db.session().scalars(select(Engineer))}
    assert level_shown(page, engineers["E001"], welding_id) == "4"
    assert level_shown(page, engineers["E002"], welding_id) == "3"
    assert level_shown(page, engineers["E003"], welding_id) == "3"
    assert page.locator("thead th.process", has_text="NC旋盤").count() == 1
    screenshot(page, "import-matrix-filled")


def test_a_file_with_problems_shows_them_and_cannot_be_confirmed(live_app, page, tmp_path):
    app, base_url = live_app
    with app.app_context():
        session = db.session()
        supplier = b.gen_supplier(session)
        editor = b.gen_user(session, supplier, "editor", email="editor2@example.test")
        b.gen_process(session, supplier, code="W-01")
        session.commit()
    path = tmp_path / "matrix.csv"
    path.write_bytes(b.gen_csv([["Employee code", "Name", "W-01"], ["E1", "Sato", "Z"], [None, "Abe", 3]]))
    log_in(page, base_url, editor.email, b.PASSWORD)
    page.goto(f"{base_url}/spreadsheets/")
    screenshot(page, "import-index")
    page.set_input_files("input[type=file]", str(path))
    page.click("text=Upload and preview")
    page.wait_for_selector("#problems")
    assert page.locator("#problems tbody tr").count() == 2
    assert page.is_disabled("button[value=confirm]")
    screenshot(page, "import-problems")

    page.click(".language-switch button")
    page.wait_for_selector("html[lang=ja]")
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", page.inner_text("h1"))
    assert page.locator("#problems tbody tr").count() == 2
    screenshot(page, "import-problems-ja")
