"""Importing a skills matrix from .xlsx and .csv: preview, mapping, problems, one-transaction commit."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests import builders as b
from tests.builders import TODAY
from tests.test_access import snapshot
from tracker.models import Assessment, CurrentLevel, Engineer, Process, ProcessCategory
from tracker.skills import service as skills
from tracker.spreadsheets import imports, uploads, views
from tracker.spreadsheets.layout import BadValue, date_of, level_of
from tracker.spreadsheets.sheets import read_sheet
from tracker.tenancy import Scope

HEAD = ["Employee code", "Name", "Site", "Hire date", "Planned retirement date"]
ON = "2026-03-02"


@pytest.fixture
def supplier(session):
    return b.gen_supplier(session, code="YAMADA")


def upload(client, data: bytes, name: str = "matrix.xlsx"):
    return client.post("/spreadsheets/import", data={"file": (io.BytesIO(data), name)})


def preview_url(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"]


def confirm(client, url: str, **fields):
    """Confirm with the notation as shown (the notation table confirmed)."""
    return client.post(url, data={"action": "confirm", "assessed_on": ON, "notation_shown": "1"} | fields)


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def categories(session) -> list[ProcessCategory]:
    return session.scalars(select(ProcessCategory).order_by(ProcessCategory.position)).all()


# --- notations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (0, 0), (4, 4), (3.0, 3), ("2", 2), ("３", 3), ("I", 1), ("l", 2), ("Ｕ", 3), ("o", 4),
        ("◎", 4), ("○", 3), ("〇", 3), ("△", 2), ("▲", 1), ("・", 1), ("×", 0), ("✕", 0), ("-", 0),
        (" U ", 3), (None, None), ("", None), ("  ", None),
    ],
)  # fmt: skip
def test_every_documented_notation_reads_as_its_level(value, level):
    assert level_of(value) == level


@pytest.mark.parametrize("value", [5, -1, 2.5, "A", "◯◯", "3+", True, "=A1"])
def test_anything_else_is_not_a_level(value):
    with pytest.raises(BadValue):
        level_of(value)


@pytest.mark.parametrize(
    ("value", "day"),
    [
        (datetime(2026, 4, 1), date(2026, 4, 1)),
        ("2026-04-01", date(2026, 4, 1)),
        ("2026/4/1", date(2026, 4, 1)),
        ("2026年4月1日", date(2026, 4, 1)),
        ("", None),
    ],
)
def test_dates_come_from_excel_date_cells_or_iso_text(value, day):
    assert date_of(value) == day


@pytest.mark.parametrize("value", ["2026-02-30", "1/4/2026", "soon", 4500, 45000.5, True])
def test_other_dates_are_refused(value):
    with pytest.raises(BadValue):
        date_of(value)


# --- the whole journey -------------------------------------------------------------------------


def test_a_40_by_30_matrix_imports_in_one_go(client, session, supplier, editor):
    processes = [b.gen_process(session, supplier, code=f"P{n:02d}", name=f"Process {n}") for n in range(30)]
    session.commit()
    rows = [HEAD + [p.code for p in processes]]
    for n in range(40):
        levels = [(n + column) % 5 for column in range(30)]
        rows.append([f"E{n:03d}", f"Engineer {n}", "Line 1", date(2000 + n % 20, 4, 1), None] + levels)
    url = preview_url(upload(client, b.gen_xlsx(rows)))
    page = client.get(url).get_data(as_text=True)
    assert 'data-count="new-engineers"><div class="figure">40<' in page
    assert 'data-count="level-changes"><div class="figure">1200<' in page
    assert 'data-count="problems"><div class="figure">0<' in page
    response = confirm(client, url)
    assert response.status_code == 302 and response.headers["Location"].endswith("/matrix")
    assert count(session, Engineer) == 40
    assert count(session, CurrentLevel) == 1200
    assert count(session, Assessment) == 1200
    assert set(session.scalars(select(Assessment.assessed_on).distinct())) == {date(2026, 3, 2)}
    engineer = session.scalar(select(Engineer).where(Engineer.employee_code == "E007"))
    assert (engineer.name, engineer.site, engineer.hired_on) == ("Engineer 7", "Line 1", date(2007, 4, 1))
    level = session.get(CurrentLevel, (engineer.id, processes[2].id))
    assert level.level == (7 + 2) % 5


def test_importing_the_same_file_twice_changes_nothing_the_second_time(client, session, supplier, editor):
    process = b.gen_process(session, supplier, code="W-01")
    session.commit()
    data = b.gen_xlsx([HEAD + ["W-01", "NEW · Laser welding"], ["E1", "Sato", "Main", None, None, "◎", "○"]])
    category = categories(session)[0]
    mapping = {"mapping-0-action": "new", "mapping-0-category_id": category.id, "mapping-0-criticality": "B"}
    assert confirm(client, preview_url(upload(client, data)), **mapping).status_code == 302
    before = snapshot(session)
    url = preview_url(upload(client, data))
    page = client.get(url).get_data(as_text=True)
    assert "Nothing to import" in page
    response = confirm(client, url)
    assert response.status_code == 422
    assert snapshot(session) == before
    new = session.scalar(select(Process).where(Process.code == "NEW"))
    assert (new.name, new.category_id, new.criticality) == ("Laser welding", category.id, "B")
    assert new.required == 2
    assert process.id != new.id


def test_a_file_with_ten_planted_errors_lists_all_ten_and_writes_nothing(client, session, supplier, editor):
    b.gen_process(session, supplier, code="W-01")
    b.gen_process(session, supplier, code="M-01")
    session.commit()
    rows = [
        HEAD + ["W-01", "M-01"],
        ["E1", "Sato", "Main", "2001-04-01", None, 3, "Z"],  # 1: G2 not a level
        ["E2", "Suzuki", "Main", "someday", None, 2, 1],  # 2: D3 not a date
        [None, "Tanaka", "Main", None, None, 1, 1],  # 3: A4 no employee code
        ["E4", None, "Main", None, None, 1, 1],  # 4: B5 new engineer without a name
        ["E1", "Sato again", "Main", None, None, 1, 1],  # 5: A6 duplicate code
        ["E6", "Ito", "Main", "2010-01-01", "2009-01-01", 5, 2],  # 6: E7 retires before hire; 7: F7 level 5
        ["E7", "K" * 201, "Main", None, None, 2, 2],  # 8: B8 name too long
        ["E8", "Kato", "Main", None, None, "=1+1", "◎"],  # 9: F9 formula without a saved value
        ["E9", "Abe", "Main", "2026-13-01", None, "U", "U"],  # 10: D10 month 13
    ]
    before = snapshot(session)
    url = preview_url(upload(client, b.gen_xlsx(rows)))
    page = client.get(url).get_data(as_text=True)
    expected = [("2", "G"), ("3", "D"), ("4", "A"), ("5", "B"), ("6", "A"), ("7", "E"), ("7", "F")]
    expected += [("8", "B"), ("9", "F"), ("10", "D")]
    listed = re.findall(r'<tr><td>Matrix</td><td class="num">(\d+)</td><td>([A-Z]+)</td>', page)
    assert listed == expected
    assert 'data-count="problems"><div class="figure">10<' in page
    assert "Not a level" in page and "Not a date" in page and "formula without a saved value" in page
    assert confirm(client, url).status_code == 422
    assert snapshot(session) == before


def test_a_crash_injected_mid_commit_leaves_the_database_unchanged(
    client, session, supplier, editor, monkeypatch
):
    process = b.gen_process(session, supplier, code="W-01")
    veteran = b.gen_engineer(session, supplier, employee_code="E1", name="Sato")
    b.gen_level(session, veteran, process, 2)
    session.commit()
    rows = [HEAD + ["W-01", "NEW"], ["E1", "Sato Ichiro", "Main", None, None, 4, 3]]
    rows += [[f"N{n}", f"New {n}", "Main", None, None, 3, 2] for n in range(5)]
    url = preview_url(upload(client, b.gen_xlsx(rows)))
    before = snapshot(session)
    real, calls = skills.record_assessments, []

    def crash_after_writing(session, *args, **kwargs):
        calls.append(real(session, *args, **kwargs))
        raise RuntimeError("injected crash")

    monkeypatch.setattr(skills, "record_assessments", crash_after_writing)
    category = categories(session)[0]
    response = confirm(client, url, **{"mapping-0-category_id": category.id})
    assert response.status_code == 500
    assert calls == [12]
    assert snapshot(session) == before
    monkeypatch.setattr(skills, "record_assessments", real)
    assert confirm(client, url, **{"mapping-0-category_id": category.id}).status_code == 302
    assert count(session, Assessment) == 1 + 12


def test_an_unmatched_column_can_fill_an_existing_process_or_be_ignored(client, session, supplier, editor):
    process = b.gen_process(session, supplier, code="W-01", name="TIG welding")
    session.commit()
    rows = [HEAD + ["TIG溶接（2ライン）", "Notes"], ["E1", "Sato", None, None, None, "◎", "good"]]
    url = preview_url(upload(client, b.gen_xlsx(rows)))
    page = client.get(url).get_data(as_text=True)
    assert "Columns to decide on" in page and "Notes" in page
    response = confirm(client, url, **{"mapping-0-action": str(process.id), "mapping-1-action": "ignore"})
    assert response.status_code == 302
    engineer = session.scalar(select(Engineer).where(Engineer.employee_code == "E1"))
    assert session.get(CurrentLevel, (engineer.id, process.id)).level == 4
    assert count(session, Process) == 1


def test_a_new_process_without_a_category_stops_the_import(client, session, supplier, editor):
    url = preview_url(upload(client, b.gen_xlsx([HEAD + ["X-9"], ["E1", "Sato", None, None, None, 3]])))
    before = snapshot(session)
    response = confirm(client, url, **{"mapping-0-action": "new", "mapping-0-category_id": ""})
    assert response.status_code == 422
    assert "Choose a category for this new process." in response.get_data(as_text=True)
    assert snapshot(session) == before


def test_another_suppliers_process_cannot_be_mapped(client, session, supplier, editor):
    other = b.gen_process(session, b.gen_supplier(session), code="THEIRS")
    session.commit()
    url = preview_url(upload(client, b.gen_xlsx([HEAD + ["X-9"], ["E1", "Sato", None, None, None, 3]])))
    before = snapshot(session)
    assert confirm(client, url, **{"mapping-0-action": str(other.id)}).status_code == 422
    assert snapshot(session) == before


def test_the_header_may_sit_below_title_rows_and_be_in_japanese(client, session, supplier, editor):
    b.gen_process(session, supplier, code="W-01")
    session.commit()
    rows = [
        ["2026年度 星取表"],
        [],
        ["社員番号", "氏名", "拠点", "入社日", "退職予定日", "W-01"],
        [1024, "山田 太郎", "本社工場", datetime(1990, 4, 1), "2027/3/31", "○"],
    ]
    assert confirm(client, preview_url(upload(client, b.gen_xlsx(rows)))).status_code == 302
    engineer = session.scalar(select(Engineer))
    assert (engineer.employee_code, engineer.name, engineer.site) == ("1024", "山田 太郎", "本社工場")
    assert (engineer.hired_on, engineer.retires_on) == (date(1990, 4, 1), date(2027, 3, 31))


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("utf-8-sig", ","), ("utf-8", ";"), ("cp932", ","), ("utf-8", "\t")]
)
def test_csv_from_japanese_or_european_excel_is_read(client, session, supplier, editor, encoding, delimiter):
    process = b.gen_process(session, supplier, code="W-01")
    session.commit()
    rows = [["社員番号", "氏名", "W-01"], ["E1", "佐藤 一郎", "◎"], ["E2", "鈴木 花子", "△"]]
    data = b.gen_csv(rows, encoding=encoding, delimiter=delimiter)
    assert confirm(client, preview_url(upload(client, data, "星取表.csv"))).status_code == 302
    levels = dict(
        session.execute(
            select(Engineer.name, CurrentLevel.level)
            .join(CurrentLevel, CurrentLevel.engineer_id == Engineer.id)
            .where(CurrentLevel.process_id == process.id)
        ).all()
    )
    assert levels == {"佐藤 一郎": 4, "鈴木 花子": 2}


def test_an_existing_engineer_keeps_what_the_file_leaves_empty(client, session, supplier, editor):
    b.gen_process(session, supplier, code="W-01")
    engineer = b.gen_engineer(
        session, supplier, employee_code="0042", name="Sato", site="Main", hired_on=date(1990, 4, 1)
    )
    session.commit()
    rows = [HEAD + ["W-01"], [42, "Sato Ichiro", None, None, "2030-03-31", None]]
    url = preview_url(upload(client, b.gen_xlsx(rows)))
    page = client.get(url).get_data(as_text=True)
    assert 'data-count="changed-engineers"><div class="figure">1<' in page
    assert 'data-count="new-engineers"><div class="figure">0<' in page
    assert confirm(client, url).status_code == 302
    session.refresh(engineer)
    assert (engineer.name, engineer.site, engineer.hired_on) == ("Sato Ichiro", "Main", date(1990, 4, 1))
    assert engineer.retires_on == date(2030, 3, 31)
    assert count(session, CurrentLevel) == 0


def test_every_level_change_is_an_assessment_on_the_chosen_date_with_its_source(
    client, session, supplier, editor
):
    process = b.gen_process(session, supplier, code="W-01")
    engineer = b.gen_engineer(session, supplier, employee_code="E1")
    b.gen_level(session, engineer, process, 1, date(2025, 1, 1))
    session.commit()
    url = preview_url(
        upload(client, b.gen_xlsx([HEAD + ["W-01"], ["E1", engineer.name, None, None, None, "U"]]))
    )
    assert confirm(client, url, assessed_on="2026-02-01").status_code == 302
    latest = session.scalars(select(Assessment).order_by(Assessment.id.desc())).first()
    assert (latest.level, latest.assessed_on, latest.recorded_by_id) == (3, date(2026, 2, 1), editor.id)
    assert "matrix.xlsx" in latest.evidence and latest.assessor == editor.name
    assert count(session, Assessment) == 2


def test_a_date_before_the_current_assessment_is_a_problem(client, session, supplier, editor):
    process = b.gen_process(session, supplier, code="W-01")
    engineer = b.gen_engineer(session, supplier, employee_code="E1")
    b.gen_level(session, engineer, process, 1, date(2026, 1, 10))
    session.commit()
    url = preview_url(
        upload(client, b.gen_xlsx([HEAD + ["W-01"], ["E1", engineer.name, None, None, None, 3]]))
    )
    before = snapshot(session)
    response = confirm(client, url, assessed_on="2026-01-01")
    assert response.status_code == 422
    assert "2026-01-10" in response.get_data(as_text=True)
    assert snapshot(session) == before


def test_a_future_assessment_date_is_refused(client, session, supplier, editor):
    url = preview_url(upload(client, b.gen_xlsx([HEAD, ["E1", "Sato", None, None, None]])))
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    response = confirm(client, url, assessed_on=tomorrow)
    assert response.status_code == 422
    assert "cannot be in the future" in response.get_data(as_text=True)
    assert count(session, Engineer) == 0


def test_update_preview_writes_nothing(client, session, supplier, editor):
    url = preview_url(upload(client, b.gen_xlsx([HEAD, ["E1", "Sato", None, None, None]])))
    before = snapshot(session)
    response = client.post(url, data={"action": "preview", "assessed_on": ON})
    assert response.status_code == 200 and "Sato" in response.get_data(as_text=True)
    assert snapshot(session) == before


def test_a_file_above_the_size_limit_answers_413(client, editor):
    response = upload(client, b"x" * (5 * 1024 * 1024 + 1), "big.csv")
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("matrix.xls", b"\xd0\xcf\x11\xe0 old excel", "Only .xlsx, .xlsm and .csv"),
        ("matrix.txt", b"code,name", "Only .xlsx, .xlsm and .csv"),
        ("matrix.xlsx", b"PK\x03\x04 not really a zip", "not a valid .xlsx"),
        ("matrix.xlsx", b"Employee code,Name\r\nE1,Sato\r\n", "not a valid .xlsx"),
    ],
)
def test_files_that_are_not_xlsx_or_csv_are_refused_on_the_form(client, session, editor, name, data, message):
    response = upload(client, data, name)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(session, Engineer) == 0


def test_a_file_without_a_header_row_is_a_problem(client, session, editor):
    url = preview_url(upload(client, b.gen_csv([["who", "what"], ["E1", "Sato"]]), "m.csv"))
    page = client.get(url).get_data(as_text=True)
    assert "No header row found" in page
    assert confirm(client, url).status_code == 422


def test_an_upload_is_private_to_its_user(client, auth, session, supplier, editor):
    url = preview_url(upload(client, b.gen_xlsx([HEAD, ["E1", "Sato", None, None, None]])))
    colleague = b.gen_user(session, supplier, "editor")
    session.commit()
    auth.logout()
    auth.login(colleague)
    response = client.get(url)
    assert response.status_code == 302 and response.headers["Location"].endswith("/spreadsheets/")
    assert confirm(client, url).status_code == 302
    assert count(session, Engineer) == 0


def test_an_upload_expires_after_an_hour_and_is_swept(app, client, session, editor, monkeypatch):
    url = preview_url(upload(client, b.gen_xlsx([HEAD, ["E1", "Sato", None, None, None]])))
    folder = Path(app.config["IMPORT_FOLDER"])
    assert len(list(folder.iterdir())) == 3  # the file, its owner and its parsed sheets
    later = datetime.now(UTC).replace(tzinfo=None) + uploads.LIFETIME + timedelta(minutes=1)
    monkeypatch.setattr(views, "_now", lambda: later)
    assert client.get(url).headers["Location"].endswith("/spreadsheets/")
    assert confirm(client, url).status_code == 302
    assert count(session, Engineer) == 0
    preview_url(upload(client, b.gen_csv([["Employee code", "Name"], ["E2", "Abe"]]), "m.csv"))
    assert sorted(path.name.split(".", 1)[1] for path in folder.iterdir()) == ["csv", "json", "parsed.json"]
    assert client.get(url).status_code == 404


def test_another_suppliers_upload_answers_404_and_stays(app, client, auth, session, supplier, editor):
    url = preview_url(upload(client, b.gen_xlsx([HEAD, ["E1", "Sato", None, None, None]])))
    stranger = b.gen_user(session, b.gen_supplier(session), "admin")
    session.commit()
    auth.logout()
    auth.login(stranger)
    before = snapshot(session)
    assert client.get(url).status_code == 404
    assert confirm(client, url).status_code == 404
    assert client.post(url + "/discard").status_code == 404
    assert snapshot(session) == before
    assert len(list(Path(app.config["IMPORT_FOLDER"]).iterdir())) == 3


def test_discarding_an_upload_deletes_the_file(app, client, editor):
    url = preview_url(upload(client, b.gen_xlsx([HEAD, ["E1", "Sato", None, None, None]])))
    assert client.post(url + "/discard").status_code == 302
    assert list(Path(app.config["IMPORT_FOLDER"]).iterdir()) == []
    assert client.get(url).status_code == 404


def test_the_file_on_disk_has_a_server_made_name(app, client, editor):
    preview_url(upload(client, b.gen_csv([["Employee code", "Name"]]), "../../etc/passwd.csv"))
    names = [path.name for path in Path(app.config["IMPORT_FOLDER"]).iterdir()]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{32}\.(csv|json|parsed\.json)", name) for name in names), names


def test_a_new_process_may_not_take_an_existing_code(session, supplier):
    b.gen_process(session, supplier, code="K" * 40)
    sheet = read_sheet(b.gen_csv([["Employee code", "Name", "K" * 41], ["E1", "Sato", 3]]), "m.csv")
    layout = imports.read_layout(session, Scope.of(supplier), sheet, {})
    category = categories(session)[0].id
    plan = imports.plan_import(
        session,
        Scope.of(supplier),
        sheet,
        layout,
        {"k" * 41: imports.Choice(category_id=category)},
        date(2026, 1, 1),
        confirmed=True,
    )
    assert [(problem.code, problem.column_letter) for problem in plan.problems] == [("code_exists", "C")]


def test_set_based_level_writes_equal_one_by_one_writes(session):
    """The import's set-based writer and `record_assessment` leave the same history, current
    levels, audit events and stored scores (two suppliers with the same data, one written each way)."""
    from tracker.heatmap import stored
    from tracker.models import AuditEvent, CurrentScore

    stored.refresh_all(session.connection(), TODAY, 3.0)
    sides = []
    for _ in range(2):
        supplier = b.gen_supplier(session)
        processes = [b.gen_process(session, supplier) for _ in range(4)]
        engineers = [b.gen_engineer(session, supplier, retires_on=date(2027, 6, 1) if n == 1 else None)
                     for n in range(5)]  # fmt: skip
        b.gen_level(session, engineers[0], processes[0], 1, date(2025, 1, 1))
        sides.append((supplier, processes, engineers))
    items = [(e, p, (n + m) % 5) for n, e in enumerate(range(5)) for m, p in enumerate(range(4))]
    (one, one_p, one_e), (bulk, bulk_p, bulk_e) = sides
    for e, p, level in items:
        skills.record_assessment(session, one_e[e], one_p[p], level, date(2026, 3, 2), assessor="A")
    skills.record_assessments(
        session,
        bulk.id,
        [skills.NewAssessment(bulk_e[e].id, bulk_p[p].id, level, bulk_e[e].name, bulk_p[p].code)
         for e, p, level in items],
        date(2026, 3, 2),
        assessor="A",
    )  # fmt: skip
    session.commit()

    def state(supplier, processes, engineers):
        p_index = {p.id: n for n, p in enumerate(processes)}
        e_index = {e.id: n for n, e in enumerate(engineers)}
        levels = sorted(
            (
                e_index[c.engineer_id],
                p_index[c.process_id],
                c.level,
                c.assessed_on,
                c.practised_on,
                c.peak_level,
            )
            for c in session.scalars(select(CurrentLevel).where(CurrentLevel.supplier_id == supplier.id))
        )
        history = sorted(
            (e_index[a.engineer_id], p_index[a.process_id], a.level, a.assessed_on, a.assessor)
            for a in session.scalars(select(Assessment).where(Assessment.supplier_id == supplier.id))
        )
        audits = session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.organization_id == supplier.id, AuditEvent.entity == "level")
        )
        scores = sorted(
            (p_index[s.process_id], round(s.effective, 6), s.qualified, s.trainers, s.dependency, s.band)
            for s in session.scalars(select(CurrentScore).where(CurrentScore.supplier_id == supplier.id))
        )
        return levels, history, audits, scores

    assert state(*sides[0]) == state(*sides[1])
    assert len(state(*sides[1])[0]) == 20 and state(*sides[1])[2] == 21
