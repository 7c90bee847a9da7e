"""Exports and the template: attachments, typed cells, formula escaping, and the import round trip."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

import flask_babel
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import NullTranslations, Translations
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests import builders as b
from tests.builders import TODAY
from tests.test_access import snapshot
from tracker.models import TrainingSession
from tracker.spreadsheets import exports
from tracker.tenancy import Scope

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


@pytest.fixture
def supplier(session):
    return b.gen_supplier(session, code="YAMADA")


@pytest.fixture
def filled(session, supplier):
    """A supplier with processes, engineers (awkward names included), levels and a training plan."""
    welding = b.gen_process(session, supplier, code="W-01", name="TIG溶接")
    plating = b.gen_process(session, supplier, code="-M2", name='=HYPERLINK("http://x.test")')
    sato = b.gen_engineer(
        session, supplier, employee_code="0012", name="佐藤 一郎", site="本社", hired_on=date(1990, 4, 1),
        retires_on=date(2027, 3, 31),
    )  # fmt: skip
    odd = b.gen_engineer(session, supplier, employee_code="-7", name="+Suzuki", site="@Line 2")
    b.gen_engineer(session, supplier, employee_code="E9", name="Kato")
    b.gen_level(session, sato, welding, 4, date(2025, 1, 1))
    b.gen_level(session, odd, welding, 1, date(2025, 1, 1))
    b.gen_level(session, odd, plating, 0, date(2025, 1, 1))
    plan = b.gen_plan(session, odd, sato, welding, from_level=1, target_level=3, notes="=cmd|' /C calc'!A0")
    licence = b.gen_certificate_type(
        session, supplier, [welding], name="溶接技能者", grade="1級", required=True
    )
    b.gen_certificate(session, sato, licence, date(2020, 4, 1), number="=1+1", expires_on=date(2027, 4, 1))
    session.add(
        TrainingSession(supplier_id=supplier.id, plan_id=plan.id, held_on=date(2025, 3, 1), hours=1.5)
    )
    session.commit()
    return {"welding": welding, "plating": plating, "sato": sato, "odd": odd}


def download(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response


def reimport(client, data: bytes, name: str):
    response = client.post("/spreadsheets/import", data={"file": (io.BytesIO(data), name)})
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    return response.headers["Location"]


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_export_then_import_round_trips_with_no_change(client, session, editor, filled, extension):
    data = download(client, f"/spreadsheets/export/matrix.{extension}").data
    before = snapshot(session)
    url = reimport(client, data, f"matrix.{extension}")
    page = client.get(url).get_data(as_text=True)
    assert "Nothing to import" in page
    assert 'data-count="unchanged"><div class="figure">3<' in page
    assert client.post(url, data={"action": "confirm", "assessed_on": "2026-01-05"}).status_code == 422
    assert snapshot(session) == before


def test_a_level_edited_in_excel_comes_back_as_exactly_one_change(client, session, editor, filled):
    workbook = load_workbook(io.BytesIO(download(client, "/spreadsheets/export/matrix.xlsx").data))
    sheet = workbook.worksheets[0]
    headings = [cell.value for cell in sheet[1]]
    codes = [row[0].value for row in sheet.iter_rows(min_row=2)]
    sheet.cell(codes.index("E9") + 2, headings.index("W-01 · TIG溶接") + 1).value = "◎"
    buffer = io.BytesIO()
    workbook.save(buffer)
    url = reimport(client, buffer.getvalue(), "edited.xlsx")
    page = client.get(url).get_data(as_text=True)
    assert 'data-count="level-changes"><div class="figure">1<' in page
    assert 'data-count="changed-engineers"><div class="figure">0<' in page


def test_downloads_are_attachments_with_a_server_made_name(client, session, editor, filled):
    response = download(client, "/spreadsheets/export/engineers.csv")
    disposition = response.headers["Content-Disposition"]
    assert disposition == f"attachment; filename=densho-engineers-YAMADA-{TODAY.isoformat()}.csv"
    assert response.mimetype == "text/csv"
    assert "no-store" in response.headers["Cache-Control"]
    response = download(client, "/spreadsheets/export/matrix.xlsx?filename=evil.html")
    assert re.fullmatch(
        r"attachment; filename=densho-matrix-YAMADA-[\d-]+\.xlsx", response.headers["Content-Disposition"]
    )
    assert response.data[:2] == b"PK"


def test_numbers_and_dates_stay_typed_and_text_is_escaped_in_xlsx(client, editor, filled):
    workbook = load_workbook(io.BytesIO(download(client, "/spreadsheets/export/matrix.xlsx").data))
    rows = {row[0].value: row for row in workbook.worksheets[0].iter_rows(min_row=2)}
    sato, odd = rows["0012"], rows["'-7"]
    headings = [cell.value for cell in workbook.worksheets[0][1]]
    welding = headings.index("W-01 · TIG溶接")
    assert sato[3].is_date and sato[3].value == datetime(1990, 4, 1)
    assert (sato[welding].value, sato[welding].data_type) == (4, "n")
    assert (odd[1].value, odd[2].value) == ("'+Suzuki", "'@Line 2")
    assert '\'-M2 · =HYPERLINK("http://x.test")' in headings
    assert all(cell.data_type != "f" for row in workbook.worksheets[0].iter_rows() for cell in row)
    assert workbook.sheetnames[1] == "Instructions"


def test_csv_keeps_negative_numbers_as_numbers_and_escapes_text():
    table = exports.Table("t", ["value"], [[-3], [2.5], ["-3"], [date(2026, 1, 2)], [None], ["=1+1"]])
    rows = list(csv.reader(io.StringIO(exports.to_csv(table).decode("utf-8-sig"), newline="")))
    assert [row[0] for row in rows[1:]] == ["-3", "2.5", "'-3", "2026-01-02", "", "'=1+1"]


@pytest.mark.parametrize("what", ["engineers", "processes", "plans", "sessions", "matrix", "certificates"])
def test_each_export_holds_the_suppliers_rows_and_no_one_elses(client, session, editor, filled, what):
    other = b.gen_supplier(session)
    b.gen_engineer(session, other, name="Stranger", employee_code="X1")
    b.gen_process(session, other, code="THEIRS")
    session.commit()
    text = download(client, f"/spreadsheets/export/{what}.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) > 1
    assert "Stranger" not in text and "THEIRS" not in text
    expected = {"engineers": "佐藤 一郎", "processes": "TIG溶接", "plans": "'=cmd|' /C calc'!A0"}
    expected |= {"sessions": "1.5", "matrix": "佐藤 一郎", "certificates": "'=1+1"}
    assert any(expected[what] in row for row in rows), rows


def test_the_audit_trail_export_lists_the_events(client, auth, session, supplier, filled):
    admin = b.gen_user(session, supplier, "admin")
    session.commit()
    auth.login(admin)
    workbook = load_workbook(io.BytesIO(download(client, "/spreadsheets/export/audit.xlsx").data))
    actions = [row[2].value for row in workbook.worksheets[0].iter_rows(min_row=2)]
    assert actions.count("assess") == 3


def _fake_japanese(monkeypatch):
    catalog = Catalog(locale="ja")
    catalog.add("How to fill in this skills matrix", "この星取表の記入方法")
    catalog.add("Employee code", "社員番号")
    catalog.add("Instructions", "記入方法")
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    japanese = Translations(fp=buffer)

    def translations(_domain):
        return japanese if str(flask_babel.get_locale()) == "ja" else NullTranslations()

    monkeypatch.setattr(flask_babel.Domain, "get_translations", translations)


@pytest.mark.parametrize(
    ("locale", "title", "heading"),
    [
        ("ja", "この星取表の記入方法", "社員番号"),
        ("en", "How to fill in this skills matrix", "Employee code"),
    ],
)
def test_the_template_has_the_processes_and_instructions_in_the_users_language(
    client, auth, session, supplier, filled, monkeypatch, locale, title, heading
):
    _fake_japanese(monkeypatch)
    viewer = b.gen_user(session, supplier, "viewer", locale=locale)
    session.commit()
    auth.login(viewer)
    response = download(client, "/spreadsheets/template.xlsx")
    assert "densho-template-YAMADA-" in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.data))
    matrix, instructions = workbook.worksheets
    headings = [cell.value for cell in matrix[1]]
    assert headings[0] == heading
    assert headings[5:] == ['\'-M2 · =HYPERLINK("http://x.test")', "W-01 · TIG溶接"]
    assert matrix.max_row == 1
    assert instructions["A1"].value == title
    assert any("◎" in (row[0].value or "") for row in instructions.iter_rows())


def test_a_filled_template_imports(client, session, editor, filled):
    workbook = load_workbook(io.BytesIO(download(client, "/spreadsheets/template.xlsx").data))
    workbook.worksheets[0].append(["N1", "New person", None, None, None, None, "U"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = client.get(reimport(client, buffer.getvalue(), "template.xlsx")).get_data(as_text=True)
    assert 'data-count="new-engineers"><div class="figure">1<' in page
    assert 'data-count="level-changes"><div class="figure">1<' in page


def _cells_of_every_export(session, supplier) -> list:
    def label(key: str) -> str:
        return key

    tables = [
        exports.matrix_table(session, Scope.of(supplier), label),
        exports.engineers_table(session, Scope.of(supplier), label),
        exports.processes_table(session, Scope.of(supplier), label),
        exports.plans_table(session, Scope.of(supplier), label),
        exports.sessions_table(session, Scope.of(supplier), label),
        exports.certificates_table(session, Scope.of(supplier), label),
        exports.audit_table(session, Scope.of(supplier), label),
    ]
    cells = []
    for table in tables:
        for row in csv.reader(io.StringIO(exports.to_csv(table).decode("utf-8-sig"), newline="")):
            cells.extend(row)
        workbook = load_workbook(io.BytesIO(exports.to_xlsx([table])))
        for row in workbook.worksheets[0].iter_rows():
            assert all(cell.data_type != "f" for cell in row)
            cells.extend(cell.value for cell in row if isinstance(cell.value, str))
    return cells


_counter = iter(range(10**9))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=40))
def test_formula_looking_text_is_escaped_in_every_export(session, supplier, text):
    n = next(_counter)
    example = session.begin_nested()
    process = b.gen_process(session, supplier, code=f"C{n}"[:40], name=text)
    engineer = b.gen_engineer(session, supplier, employee_code=f"E{n}", name=text, site=text)
    trainer = b.gen_engineer(session, supplier, employee_code=f"T{n}", name=text)
    b.gen_level(session, engineer, process, 2)
    plan = b.gen_plan(session, engineer, trainer, process, notes=text)
    session.add(TrainingSession(supplier_id=supplier.id, plan_id=plan.id, held_on=date(2025, 3, 1), hours=1,
                                content=text, assessor=text))  # fmt: skip
    kind = b.gen_certificate_type(session, supplier, [process], name=f"{text}{n}", grade=text, issuer=text)
    b.gen_certificate(session, engineer, kind, number=text, document_name=text)
    session.flush()
    cells = _cells_of_every_export(session, supplier)
    example.rollback()
    assert cells
    for cell in cells:
        assert not cell.startswith(TRIGGERS), cell


@given(text=st.text())
def test_escape_prefixes_exactly_the_formula_looking_text(text):
    escaped = exports.escape(text)
    assert not escaped.startswith(TRIGGERS)
    clean = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)
    assert escaped == ("'" + clean if clean.startswith(TRIGGERS) else clean)


@given(
    number=st.integers(min_value=-(10**9), max_value=10**9) | st.floats(allow_nan=False, allow_infinity=False)
)
def test_numbers_are_never_escaped(number):
    assert exports.escape(number) == number
    cell = exports.to_csv(exports.Table("t", ["n"], [[number]])).decode("utf-8-sig").split("\r\n")[1]
    assert cell == str(number)


def test_our_own_export_is_read_on_the_0_to_4_scale_without_asking_even_with_nobody_at_o(
    client, session, editor, supplier
):
    welding = b.gen_process(session, supplier, code="W-01", name="TIG溶接")
    for level in (1, 2, 3):
        b.gen_level(session, b.gen_engineer(session, supplier), welding, level, date(2025, 1, 1))
    session.commit()
    data = download(client, "/spreadsheets/export/matrix.xlsx").data
    page = client.get(reimport(client, data, "matrix.xlsx")).get_data(as_text=True)
    assert "Choose the scale" not in page and "Nothing to import" in page
