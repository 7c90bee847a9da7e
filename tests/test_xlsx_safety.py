"""Hostile workbooks: zip bombs, XML entity bombs and formulas are refused or read, never run."""

from __future__ import annotations

import gc
import io
import time
import tracemalloc
import zipfile

import pytest
from defusedxml import DefusedXmlException
from openpyxl import load_workbook

from tests import builders as b
from tracker.spreadsheets.safety import UnsafeFile, check_xlsx
from tracker.spreadsheets.sheets import UnreadableFile, read_sheet

ENTITIES = "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10)).replace(
    "&lol0;", "lol"
)
BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f"<!DOCTYPE worksheet [{ENTITIES}]>\n"
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
).encode()
SHEET = "xl/worksheets/sheet1.xml"


def rewrite(data: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    """The workbook `data` with some parts replaced or added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry.filename, replace.get(entry.filename, source.read(entry.filename)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return buffer.getvalue()


def workbook() -> bytes:
    return b.gen_xlsx([["Employee code", "Name", "W-01"], ["E1", "Sato", "◎"]])


def refused_quickly(data: bytes) -> str:
    """The refusal code, asserting it came fast and with far less memory than the file unpacks to."""
    gc.collect()
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises((UnsafeFile, UnreadableFile)) as refusal:
        read_sheet(data, "bomb.xlsx")
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 1.0, elapsed
    assert peak < 16 * 1024 * 1024, peak
    return refusal.value.code


def test_a_plain_workbook_passes_the_checks():
    check_xlsx(workbook())
    assert read_sheet(workbook(), "m.xlsx").rows[1] == ("E1", "Sato", "◎")


def test_a_zip_bomb_is_refused_from_its_directory():
    bomb = rewrite(workbook(), {}, {"xl/media/zeros.bin": b"\0" * (40 * 1024 * 1024)})
    assert len(bomb) < 200 * 1024
    assert refused_quickly(bomb) == "too_large_unpacked"


def test_parts_that_together_unpack_beyond_the_limit_are_refused():
    chunk = bytes(range(256)) * 4096 * 20  # 20 MiB that compresses poorly enough to pass the ratio
    parts = {f"xl/media/part{n}.bin": chunk for n in range(3)}
    assert refused_quickly(rewrite(workbook(), {}, parts)) == "too_large_unpacked"


def test_a_zip_that_lies_about_a_parts_size_is_cut_off_at_the_declared_size():
    data = workbook()
    sheet = zipfile.ZipFile(io.BytesIO(data)).read(SHEET)
    padded = sheet.replace(b"</worksheet>", b" " * (40 * 1024 * 1024) + b"</worksheet>")
    liar = bytearray(rewrite(data, {SHEET: padded}))
    directory = liar.find(b"PK\x01\x02")
    while liar[directory + 46 : directory + 46 + len(SHEET)] != SHEET.encode():
        directory = liar.find(b"PK\x01\x02", directory + 4)
    liar[directory + 24 : directory + 28] = (len(sheet) + 100).to_bytes(4, "little")  # claims a small part
    assert refused_quickly(bytes(liar)) in ("not_xlsx", "unreadable")


def test_too_many_parts_are_refused():
    parts = {f"xl/extra/{n}.txt": b"" for n in range(2_001)}
    assert refused_quickly(rewrite(workbook(), {}, parts)) == "too_many_parts"


def test_a_billion_laughs_entity_bomb_is_refused():
    bomb = rewrite(workbook(), {SHEET: BILLION_LAUGHS})
    assert refused_quickly(bomb) == "xml_entities"


def test_openpyxl_itself_refuses_entities_through_defusedxml():
    bomb = rewrite(workbook(), {SHEET: BILLION_LAUGHS})
    with pytest.raises(ValueError) as refusal:
        load_workbook(io.BytesIO(bomb))
    assert isinstance(refusal.value.__cause__, DefusedXmlException)


def test_an_entity_bomb_upload_is_refused_on_the_form(client, auth, session):
    user = b.gen_user(session, b.gen_supplier(session), "editor")
    session.commit()
    auth.login(user)
    bomb = rewrite(workbook(), {SHEET: BILLION_LAUGHS})
    response = client.post("/spreadsheets/import", data={"file": (io.BytesIO(bomb), "bomb.xlsx")})
    assert response.status_code == 422
    assert "XML entity declarations" in response.get_data(as_text=True)


def test_a_zip_without_a_workbook_is_not_an_xlsx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(UnsafeFile) as refusal:
        check_xlsx(buffer.getvalue())
    assert refusal.value.code == "not_xlsx"


def _with_formulas(data: bytes) -> bytes:
    """Give the sheet a formula with a cached value (F2) and one without (G2)."""
    sheet = zipfile.ZipFile(io.BytesIO(data)).read(SHEET).decode()
    cells = '<c r="D2"><f>1+2</f><v>3</v></c><c r="E2"><f>WEBSERVICE("http://example.test")</f></c>'
    sheet = sheet.replace("</row></sheetData>", cells + "</row></sheetData>")
    return rewrite(data, {SHEET: sheet.encode()})


def test_formulas_give_their_cached_value_and_are_never_run():
    sheet = read_sheet(_with_formulas(workbook()), "m.xlsx")
    assert sheet.value(2, 4) == 3
    assert sheet.value(2, 5) is None
    assert sheet.uncached == frozenset({(2, 5)})


def test_a_workbook_with_more_sheet_data_than_a_parse_may_read_is_refused_from_its_directory():
    strings = "".join(f"<si><t>{n:07d} {'x' * 90}</t></si>" for n in range(100_000)).encode()
    shared = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + strings + b"</sst>"
    assert refused_quickly(rewrite(workbook(), {}, {"xl/sharedStrings.xml": shared})) == "too_heavy"
