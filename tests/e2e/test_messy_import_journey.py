"""A supplier editor imports a messy workbook of its own: a title block with stamp boxes, a legend
of the file's own symbols, two header rows whose headings Densho does not know, a symbol the
legend does not explain. The header row and the column roles are chosen on the mapping step, the
notation table is checked and edited, and the matrix then shows the levels the file means."""

from __future__ import annotations

from sqlalchemy import select

from tests import builders as b
from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_import_journey import level_shown
from tests.import_corpus.builders import Tab, workbook
from tracker import db
from tracker.models import Engineer

ROWS = [
    ["2026年度 第2製造課 技能評価表", None, None, None, "承認", "確認", "作成"],
    ["評価：◆=指導できる　◇=一人でできる　▽=指導の下でできる　×=できない"],
    [],
    ["担当", "名", "溶接", None, "塗装"],
    [None, None, "TIG溶接", "MIG溶接", "塗装"],
    ["K-001", "佐藤 一郎", "◆", "◇", "☆"],
    ["K-002", "鈴木 花子", "◇", "▽", "×"],
    ["合計", None, 2, 2, 1],
]


def test_editor_maps_a_messy_workbook_and_its_notation(live_app, page, tmp_path):
    app, base_url = live_app
    with app.app_context():
        session = db.session()
        supplier = b.gen_supplier(session, name="山田精工", code="YAMADA")
        editor = b.gen_user(session, supplier, "editor", email="messy@example.test")
        processes = {
            code: b.gen_process(session, supplier, code=code, name=name).id
            for code, name in [("W-01", "TIG溶接"), ("W-02", "MIG溶接"), ("P-01", "塗装")]
        }
        session.commit()
    path = tmp_path / "技能評価表.xlsx"
    path.write_bytes(workbook(Tab("評価表", ROWS, merged=("A4:A5", "B4:B5", "C4:D4", "E4:E5"))))

    log_in(page, base_url, editor.email, b.PASSWORD)
    page.goto(f"{base_url}/spreadsheets/")
    page.set_input_files("input[type=file]", str(path))
    page.click("text=Upload and preview")
    page.wait_for_selector("h1:has-text('Import preview')")
    assert "No header row found" in page.inner_text("#problems")
    screenshot(page, "messy-import-no-header")
    page.click(".language-switch button")
    page.wait_for_selector("html[lang=ja]")
    assert "見出し行" in page.inner_text("main")
    screenshot(page, "messy-import-no-header-ja")
    page.click(".language-switch button")
    page.wait_for_selector("html[lang=en]")

    page.select_option("select[aria-label='Header row of sheet 評価表']", "5")
    page.click("button[value=preview]")
    page.wait_for_selector("table.mapping")
    assert "Say which column holds the employee code" in page.inner_text("#problems")
    page.select_option("select[aria-label='Action for column A']", "field:employee_code")
    page.select_option("select[aria-label='Action for column B']", "field:name")
    screenshot(page, "messy-import-mapping")
    page.click("button[value=preview]")
    page.wait_for_selector("#notation")
    assert "new process: 担当" not in page.inner_text("table.mapping")

    notation = page.inner_text("#notation")
    assert "the file's legend: 指導できる" in notation
    assert page.inner_text("tr[data-symbol='☆'] td:nth-child(3)") == "not a level"
    assert "「☆」" in page.inner_text("#problems")
    page.select_option("select[aria-label='Level for ☆']", "4")
    page.click("button[value=preview]")
    page.wait_for_selector("[data-count=problems] .figure:text-is('0')")
    assert page.inner_text("[data-count=new-engineers] .figure") == "2"
    assert page.inner_text("[data-count=level-changes] .figure") == "6"
    assert page.locator("#skipped tr[data-kind=totals]").count() == 1
    screenshot(page, "messy-import-notation")

    page.click("button[value=confirm]")
    page.wait_for_selector(".flash-success")
    with app.app_context():
        engineers = {e.employee_code: e.id for e in db.session().scalars(select(Engineer))}
    expected = {("K-001", "W-01"): "4", ("K-001", "W-02"): "3", ("K-001", "P-01"): "4",
                ("K-002", "W-01"): "3", ("K-002", "W-02"): "2", ("K-002", "P-01"): "0"}  # fmt: skip
    assert {pair: level_shown(page, engineers[pair[0]], processes[pair[1]]) for pair in expected} == expected
    screenshot(page, "messy-import-matrix")
