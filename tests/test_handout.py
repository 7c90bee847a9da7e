"""The meeting handout: a print page (A4 landscape, the map first and whole), the same as PDF with
CJK text, and the tables as CSV and XLSX through the one export writer, formula-escaped."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.routes.world import build_world
from tests.test_access import login
from tracker.meetings import handout
from tracker.models import ActionItem

FORMULA = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def world(app, session):
    world = build_world(session)
    world.a.process.name = "ＴＩＧ溶接 ライン2"
    world.buyer.meeting.title = "月次パルス"
    session.commit()
    return world


def url(world, what: str) -> str:
    return f"/meetings/{world.buyer.meeting.id}/{what}"


@pytest.mark.parametrize("side", ["buyer", "supplier"])
def test_both_sides_get_the_handout_pdf_and_tables(app, client, world, side):
    login(client, world.buyer.viewer if side == "buyer" else world.a.viewer)
    page = client.get(url(world, "handout"))
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "月次パルス" in text and 'class="map-table"' in text and "data-print" in text
    assert "Confidential — shared under partnership disclosure" in text
    assert url(world, "handout.css") in text
    for what in ("handout.pdf", "tables.csv", "tables.xlsx"):
        assert client.get(url(world, what)).status_code == 200, what


def test_the_page_rule_is_a4_landscape_with_page_numbers_and_the_footer(client, world):
    login(client, world.buyer.viewer)
    css = client.get(url(world, "handout.css"))
    assert css.mimetype == "text/css"
    rule = css.get_data(as_text=True)
    assert "size: A4 landscape" in rule
    assert 'counter(page) " / " counter(pages)' in rule
    assert "Confidential — shared under partnership disclosure" in rule and "月次パルス" in rule


def test_the_map_stays_whole_on_the_first_page():
    css = (Path(__file__).resolve().parents[1] / "static" / "css" / "handout.css").read_text(encoding="utf-8")
    assert ".handout-first { break-after: page; }" in css
    assert ".handout-first .map-table { break-inside: avoid; }" in css


def test_the_meeting_title_cannot_break_out_of_the_css_string():
    escaped = handout.css_string('x"; } body { display: none } </style>\\')
    assert '"' not in escaped and "<" not in escaped and ">" not in escaped
    assert "\\" not in re.sub(r"\\[0-9a-f]+ ", "", escaped)  # every backslash starts a hex escape


def test_the_pdf_holds_the_japanese_text_in_a_cjk_font(client, session, world):
    world.buyer.admin.locale = "ja"
    session.commit()
    login(client, world.buyer.admin)
    response = client.get(url(world, "handout.pdf"))
    assert response.data.startswith(b"%PDF")
    assert response.headers["Content-Disposition"].startswith("attachment")
    reader = PdfReader(io.BytesIO(response.data))
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    text = "".join(page.extract_text() for page in reader.pages)
    assert "月次パルス" in text and "ＴＩＧ溶接" in text
    assert "社外秘" in text and "ページ 1 / 2" in text  # the footer, in Japanese
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Noto" in name and "CJK" in name for name in fonts), fonts


def test_supplier_typed_formulas_come_out_escaped_in_csv_and_xlsx(client, session, world):
    world.a.process.name = FORMULA
    session.add(
        ActionItem(
            meeting_id=world.buyer.meeting.id,
            supplier_id=world.a.org.id,
            text=FORMULA,
            owner_side="supplier",
            evidence="@SUM(A1:A9)",
        )
    )
    session.commit()
    login(client, world.buyer.admin)
    rows = list(csv.reader(io.StringIO(client.get(url(world, "tables.csv")).data.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert "'" + FORMULA in cells and "'@SUM(A1:A9)" in cells
    assert not any(cell.startswith(("=", "@")) for cell in cells)
    assert rows[0] == ["Processes"] and ["Why red"] in rows and ["Action items"] in rows
    book = load_workbook(io.BytesIO(client.get(url(world, "tables.xlsx")).data))
    assert book.sheetnames == ["Processes", "Why red", "Action items"]
    values = [cell.value for sheet in book for row in sheet.iter_rows() for cell in row]
    assert "'" + FORMULA in values and "'@SUM(A1:A9)" in values
    assert not any(isinstance(value, str) and value.startswith(("=", "@")) for value in values)
    assert book["Processes"]["A1"].value == "Supplier"


def test_the_tables_are_in_the_users_language(client, session, world):
    world.a.viewer.locale = "ja"
    session.commit()
    login(client, world.a.viewer)
    book = load_workbook(io.BytesIO(client.get(url(world, "tables.xlsx")).data))
    header = [cell.value for cell in book.worksheets[0][1]]
    assert "Supplier" not in header and "Q" in header and "D" in header


def test_another_tenants_meeting_has_no_handout(client, world):
    login(client, world.a.admin)
    other = f"/meetings/{world.b.meeting.id}"
    for what in ("handout", "handout.css", "handout.pdf", "tables.csv", "tables.xlsx"):
        assert client.get(f"{other}/{what}").status_code == 404, what


def test_without_weasyprints_libraries_the_pdf_link_says_to_print_instead(client, world, monkeypatch):
    from tracker.meetings import handout

    def missing():
        raise handout.PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(handout, "_weasyprint", missing)
    login(client, world.buyer.viewer)
    response = client.get(url(world, "handout.pdf"), follow_redirects=True)
    assert response.status_code == 200
    assert "print the handout instead" in response.get_data(as_text=True)
