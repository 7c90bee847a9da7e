"""Each way a factory's own workbook used to import silently wrong, planted in a file: each is now
imported right, or refused with a message naming sheet, row, column, the cell's text and what to do."""

from __future__ import annotations

from datetime import date

import pytest

from tests import builders as b
from tests.import_corpus.builders import Tab, import_file, outcome, skipped, workbook
from tracker.spreadsheets.imports import Options, apply_import
from tracker.spreadsheets.notation import Notation
from tracker.tenancy import Scope


@pytest.fixture
def supplier(session):
    supplier = b.gen_supplier(session, code="YAMADA")
    for code, name in [("W-01", "TIG溶接"), ("W-02", "MIG溶接"), ("W-03", "スポット溶接"), ("P-01", "塗装")]:
        b.gen_process(session, supplier, code=code, name=name)
    return supplier


def test_a_code_shown_with_leading_zeros_keeps_them(session, supplier):
    data = workbook(Tab("星取表", [["社員番号", "氏名", "W-01"], [123, "佐藤", "◎"], [7, "鈴木", "○"]],
                        formats={"A": "00000"}))  # fmt: skip
    result = outcome(import_file(session, supplier, data))
    assert set(result["engineers"]) == {"00123", "00007"}
    assert result["levels"] == {("00123", "W-01"): 4, ("00007", "W-01"): 3}


def test_a_site_merged_down_several_rows_reaches_every_row(session, supplier):
    rows = [["社員番号", "氏名", "工場", "W-01"], ["E1", "佐藤", "本社工場", 3], ["E2", "鈴木", None, 2],
            ["E3", "高橋", None, 4], ["E4", "田中", "第二工場", 1]]  # fmt: skip
    result = outcome(import_file(session, supplier, workbook(Tab("S", rows, merged=("C2:C4",)))))
    assert {code: values["site"] for code, values in result["engineers"].items()} == {
        "E1": "本社工場", "E2": "本社工場", "E3": "本社工場", "E4": "第二工場"
    }  # fmt: skip


def test_hidden_rows_and_columns_are_left_out_and_listed(session, supplier):
    rows = [["社員番号", "氏名", "W-01", "W-02"], ["E1", "佐藤", "◎", "○"], ["E2", "退職 太郎", "◎", "◎"],
            ["E3", "鈴木", "△", "×"]]  # fmt: skip
    plan = import_file(session, supplier, workbook(Tab("S", rows, hidden_rows=(3,), hidden_columns=("D",))))
    result = outcome(plan)
    assert set(result["engineers"]) == {"E1", "E3"}
    assert result["levels"] == {("E1", "W-01"): 4, ("E3", "W-01"): 2}
    assert skipped(plan, "hidden") == [("S", None, "W-02"), ("S", 3, "E2 | 退職 太郎 | ◎ | ◎")]
    assert [(column.heading, column.ignore) for column in plan.unmatched] == [("W-02", "hidden")]
    included = import_file(session, supplier, workbook(Tab("S", rows, hidden_rows=(3,))), include_hidden=True)
    assert set(outcome(included)["engineers"]) == {"E1", "E2", "E3"}


def test_every_sheet_is_read_and_a_cover_sheet_is_skipped(session, supplier):
    data = workbook(
        Tab("表紙", [["2026年度 力量表"], ["作成: 品質保証課"]]),
        Tab("溶接ライン", [["社員番号", "氏名", "W-01"], ["E1", "佐藤", "◎"], ["E2", "鈴木", "○"]]),
        Tab("塗装ライン", [["社員番号", "氏名", "P-01"], ["E3", "高橋", "△"], ["E1", "佐藤", "○"]]),
    )
    plan = import_file(session, supplier, data)
    result = outcome(plan)
    assert set(result["engineers"]) == {"E1", "E2", "E3"}
    assert result["levels"] == {("E1", "W-01"): 4, ("E2", "W-01"): 3, ("E3", "P-01"): 2, ("E1", "P-01"): 3}
    assert result["problems"] == []
    assert skipped(plan, "no_header") == [("表紙", None, "2026年度 力量表")]
    only_one = outcome(import_file(session, supplier, data, sheets=frozenset({"塗装ライン"})))
    assert set(only_one["engineers"]) == {"E3", "E1"}


def test_a_circle_the_files_legend_calls_not_trained_is_read_as_0(session, supplier):
    rows = [["凡例：◎=指導できる　△=一人でできる　○=未訓練"], ["社員番号", "氏名", "W-01", "W-02"],
            ["E1", "佐藤", "◎", "○"], ["E2", "鈴木", "△", "○"]]  # fmt: skip
    plan = import_file(session, supplier, workbook(Tab("S", rows)))
    assert outcome(plan)["levels"] == {
        ("E1", "W-01"): 4,
        ("E1", "W-02"): 0,
        ("E2", "W-01"): 3,
        ("E2", "W-02"): 0,
    }
    assert plan.readings["○"][0].source == "legend" and plan.readings["○"][0].meaning == "未訓練"


def test_a_3_step_numeric_scale_is_asked_about_or_read_from_its_legend(session, supplier):
    rows = [["社員番号", "氏名", "W-01", "W-02"], ["E1", "佐藤", 3, 2], ["E2", "鈴木", 1, 2]]
    unsure = outcome(import_file(session, supplier, workbook(Tab("S", rows))))
    assert unsure["problems"] == [("S", None, "", "scale_unsure")]
    chosen = outcome(
        import_file(
            session,
            supplier,
            workbook(Tab("S", rows)),
            notation=Notation("three_step"),
            notation_confirmed=True,
        )
    )
    assert chosen["levels"] == {("E1", "W-01"): 4, ("E1", "W-02"): 3, ("E2", "W-01"): 2, ("E2", "W-02"): 3}
    legend = rows + [[], ["評価基準：3=指導できる　2=一人でできる　1=指導の下でできる"]]
    assert outcome(import_file(session, supplier, workbook(Tab("S", legend))))["levels"] == chosen["levels"]


def test_look_alike_symbols_are_read_as_the_symbol_they_look_like_and_named(session, supplier):
    rows = [
        ["社員番号", "氏名", "W-01", "W-02", "W-03"],
        ["E1", "佐藤", "◯", "ー", "☓"],
        ["E2", "鈴木", "x", "X", "◎"],
    ]
    plan = import_file(session, supplier, workbook(Tab("S", rows)))
    assert outcome(plan)["levels"] == {
        ("E1", "W-01"): 3, ("E1", "W-02"): 0, ("E1", "W-03"): 0, ("E2", "W-01"): 0, ("E2", "W-02"): 0,
        ("E2", "W-03"): 4,
    }  # fmt: skip
    circle = plan.readings["◯"][0]
    assert (circle.like, circle.codepoint) == ("○", "U+25EF")


def test_an_unknown_symbol_is_refused_with_its_code_point_and_what_it_looks_like(session, supplier):
    rows = [["社員番号", "氏名", "W-01"], ["E1", "佐藤", "◌"]]
    plan = import_file(session, supplier, workbook(Tab("S", rows)))
    [problem] = plan.problems
    assert (problem.sheet, problem.row, problem.column_letter, problem.value, problem.code) == (
        "S", 2, "C", "◌", "looks_like"
    )  # fmt: skip
    assert problem.params == {"like": "○", "symbol": "◌", "codepoint": "U+25CC"}


def test_a_group_row_above_the_process_row_is_not_a_process_nor_an_engineer(session, supplier):
    rows = [
        ["社員番号", "氏名", "溶接", None, None, "塗装"],
        [None, None, "TIG溶接", "MIG溶接", "スポット溶接", "塗装"],
        ["E1", "佐藤", "◎", "○", "△", "×"],
    ]
    merged = ("A1:A2", "B1:B2", "C1:E1")
    result = outcome(import_file(session, supplier, workbook(Tab("S", rows, merged=merged))))
    assert set(result["engineers"]) == {"E1"}
    assert result["levels"] == {("E1", "W-01"): 4, ("E1", "W-02"): 3, ("E1", "W-03"): 2, ("E1", "P-01"): 0}
    assert result["new_processes"] == [] and result["problems"] == []


def test_a_code_row_above_the_name_row_names_each_process_once(session, supplier):
    rows = [["社員番号", "氏名", "W-01", "W-02", "X-01"], [None, None, "TIG溶接", "MIG溶接", "レーザー溶接"],
            ["E1", "佐藤", "◎", "○", "△"]]  # fmt: skip
    plan = import_file(session, supplier, workbook(Tab("S", rows)))
    result = outcome(plan)
    assert set(result["engineers"]) == {"E1"}
    assert result["levels"] == {("E1", "W-01"): 4, ("E1", "W-02"): 3, ("E1", "X-01"): 2}
    assert [(column.code, column.name) for column in plan.unmatched] == [("X-01", "レーザー溶接")]


def test_legend_note_and_totals_rows_are_skipped_and_shown_with_their_text(session, supplier):
    rows = [
        ["社員番号", "氏名", "W-01", "W-02", "保有工程数"],
        ["E1", "佐藤", "◎", "○", 2],
        ["E2", "鈴木", "△", None, 1],
        ["合計", None, 2, 1, None],
        [None, "人数", 2, 1, None],
        [],
        ["凡例", "◎", "指導できる", "○", "一人でできる"],
        ["※退職予定者は翌月に更新すること"],
    ]
    plan = import_file(session, supplier, workbook(Tab("S", rows)))
    result = outcome(plan)
    assert set(result["engineers"]) == {"E1", "E2"}
    assert result["levels"] == {("E1", "W-01"): 4, ("E1", "W-02"): 3, ("E2", "W-01"): 2}
    assert result["problems"] == []
    assert [(row, kind) for _sheet, row, kind in [(s.sheet, s.row, s.kind) for s in plan.skipped]] == [
        (None, "not_process"), (4, "totals"), (5, "totals"), (7, "legend"), (8, "note")
    ]  # fmt: skip
    assert skipped(plan, "note") == [("S", 8, "※退職予定者は翌月に更新すること")]


def test_a_row_without_a_code_is_refused_showing_its_text(session, supplier):
    rows = [["社員番号", "氏名", "W-01"], [None, "佐藤", "◎"]]
    [problem] = import_file(session, supplier, workbook(Tab("S", rows))).problems
    assert (problem.row, problem.column_letter, problem.value, problem.code) == (
        2,
        "A",
        "佐藤 | ◎",
        "missing_code",
    )


def test_what_the_preview_shows_is_what_is_written_and_a_reimport_changes_nothing(session, supplier):
    rows = [["社員番号", "氏　名", "配属", "定年予定日"], ["E1", "佐藤", "本社", "令和10年3月31日"]]
    rows[0] += ["W-01"]
    rows[1] += ["◯"]
    data = workbook(Tab("S", rows))
    plan = import_file(session, supplier, data)
    assert outcome(plan)["engineers"] == {
        "E1": {"name": "佐藤", "site": "本社", "retires_on": date(2028, 3, 31)}
    }
    apply_import(session, Scope.of(supplier), None, plan, date(2026, 3, 2))
    session.flush()
    again = import_file(session, supplier, data, options=Options())
    assert not again.has_changes and again.unchanged == 1
