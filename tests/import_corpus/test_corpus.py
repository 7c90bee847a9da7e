"""A corpus of workbooks and CSVs shaped like the 星取表 / 力量表 / スキルマップ factories keep, each
run through the import as the preview and confirm pages run it, and compared with what a person
reading the file would expect: the engineers, the processes and the levels written. A file is
refused only where a person would also have to decide, and the message says what to decide; once
decided, the file imports as expected."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from tests import builders as b
from tests.import_corpus.builders import ON, Tab, outcome, workbook
from tracker.models import CurrentLevel, Engineer, Process
from tracker.spreadsheets import texts
from tracker.spreadsheets.imports import Options, Plan, apply_import, plan_workbook, read_layouts
from tracker.spreadsheets.notation import Notation
from tracker.spreadsheets.sheets import dump_sheets, load_sheets, read_workbook
from tracker.tenancy import Scope

PROCESSES = [("W-01", "TIG溶接"), ("W-02", "MIG溶接"), ("W-03", "スポット溶接"), ("P-01", "塗装"),
             ("A-01", "組立"), ("K-01", "検査")]  # fmt: skip
HEAD = ["社員番号", "氏名", "W-01", "W-02", "P-01"]
PEOPLE = [("E101", "佐藤 一郎"), ("E102", "鈴木 花子"), ("E103", "高橋 健")]
SYMBOLS = [["◎", "○", "△"], ["○", "△", "×"], ["△", None, "◎"]]
LEVELS = [[4, 3, 2], [3, 2, 0], [2, None, 4]]


def grid(symbols=SYMBOLS, head=HEAD, people=PEOPLE, extra=()) -> list[list[Any]]:
    """The header and one row per engineer: code, name, the extra cells, then the symbols."""
    return [list(head)] + [[code, name, *extra_cells, *cells] for (code, name), extra_cells, cells in
                           zip(people, extra or [()] * len(people), symbols, strict=True)]  # fmt: skip


def expected_levels(levels=LEVELS, processes=("W-01", "W-02", "P-01"), people=PEOPLE) -> dict:
    return {(code, process): level for (code, _name), row in zip(people, levels, strict=True)
            for process, level in zip(processes, row, strict=True) if level is not None}  # fmt: skip


def names(people=PEOPLE, **more: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {code: {"name": name, **more.get(code, {})} for code, name in people}


def xlsm(data: bytes) -> bytes:
    """The workbook as Excel saves a macro-enabled one: its content type, and a VBA project part."""
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                ).replace(b"</Types>", b'<Default Extension="bin" ContentType="application/'
                          b'vnd.ms-office.vbaProject"/></Types>')  # fmt: skip
            target.writestr(item, content)
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 60)
    return buffer.getvalue()


@dataclass(frozen=True)
class Case:
    """One file, what it should write, and (for a refused one) what the person decides."""

    name: str
    data: Callable[[], bytes]
    engineers: dict[str, dict[str, Any]]
    levels: dict[tuple[str, str], int]
    filename: str = "星取表.xlsx"
    refused: tuple[str, ...] = ()  # the problems' codes, when a person must decide first
    says: tuple[str, ...] = ()  # words the refusal's message holds (what to do)
    decided: Mapping[str, Any] = field(default_factory=dict)  # `Options` fields: the decision
    skipped: tuple[str, ...] = ()  # kinds of rows/columns/sheets that must be listed as skipped


def csv_case(name: str, encoding: str, delimiter: str) -> Case:
    rows = [["作業者名簿 兼 力量表"], [], ["社員番号", "氏名", "工場", "W-01", "W-02", "P-01"]]
    rows += [[code, name, "本社工場", *cells] for (code, name), cells in zip(PEOPLE, SYMBOLS, strict=True)]
    return Case(name, lambda: b.gen_csv(rows, encoding=encoding, delimiter=delimiter),
                names(**{code: {"site": "本社工場"} for code, _n in PEOPLE}), expected_levels(),
                filename="力量表.csv")  # fmt: skip


CASES = [
    Case(
        "title block and 承認/確認/作成 stamp boxes above the table",
        lambda: workbook(
            Tab(
                "星取表",
                [
                    ["2026年度 製造部 溶接課 星取表", None, None, None, "承認", "確認", "作成"],
                    [None, None, None, None, "山田", "田中", "佐藤"],
                    ["作成日：2026年4月1日"],
                    [],
                    *grid(),
                ],
            )
        ),
        names(),
        expected_levels(),
    ),
    Case(
        "legend 凡例 ◎=指導できる ○=一人でできる △=指導の下でできる ×=できない above the table",
        lambda: workbook(
            Tab(
                "S",
                [["凡例", "◎=指導できる", "○=一人でできる", "△=指導の下でできる", "×=できない"], [], *grid()],
            )
        ),
        names(),
        expected_levels(),
    ),
    Case(
        "totals rows 人数 and 合計 with COUNTIF formulas, a ◎の数 column of COUNTIF",
        lambda: workbook(
            Tab(
                "S",
                [
                    HEAD + ["◎の数"],
                    *[row + [f'=COUNTIF(C{n}:E{n},"◎")'] for n, row in enumerate(grid()[1:], start=2)],
                    ["人数(◎)", None, '=COUNTIF(C2:C4,"◎")', '=COUNTIF(D2:D4,"◎")', '=COUNTIF(E2:E4,"◎")'],
                    ["合計", None, "=COUNTA(C2:C4)", "=COUNTA(D2:D4)", "=COUNTA(E2:E4)"],
                ],
            )
        ),
        names(),
        expected_levels(),
        skipped=("totals", "counting"),
    ),
    Case(
        "merged group headers 溶接 over TIG / MIG / スポット",
        lambda: workbook(
            Tab(
                "S",
                [
                    ["社員番号", "氏名", "溶接", None, None, "塗装"],
                    [None, None, "TIG溶接", "MIG溶接", "スポット溶接", "塗装"],
                    ["E101", "佐藤 一郎", "◎", "○", "△", "×"],
                    ["E102", "鈴木 花子", "○", None, "◎", "△"],
                ],
                merged=("A1:A2", "B1:B2", "C1:E1", "F1:F2"),
            )
        ),
        names(PEOPLE[:2]),
        {
            ("E101", "W-01"): 4,
            ("E101", "W-02"): 3,
            ("E101", "W-03"): 2,
            ("E101", "P-01"): 0,
            ("E102", "W-01"): 3,
            ("E102", "W-03"): 4,
            ("E102", "P-01"): 2,
        },
    ),
    Case(
        "a code row (W-01) above a name row (TIG溶接)",
        lambda: workbook(Tab("S", [HEAD, [None, None, "TIG溶接", "MIG溶接", "塗装"], *grid()[1:]])),
        names(),
        expected_levels(),
    ),
    Case(
        "和暦 dates: 令和5年4月1日, R5.4.1, H30.4.1, S63.4.1 and an Excel serial in a General cell",
        lambda: workbook(
            Tab(
                "S",
                grid(
                    head=["社員番号", "氏名", "入社日", "定年予定日", "W-01", "W-02", "P-01"],
                    extra=[("令和5年4月1日", "R40.3.31"), ("H30.4.1", 45382), ("S63.4.1", "令和12年3月31日")],
                ),
            )
        ),
        names(
            **{
                "E101": {"hired_on": date(2023, 4, 1), "retires_on": date(2058, 3, 31)},
                "E102": {"hired_on": date(2018, 4, 1), "retires_on": date(2024, 3, 31)},
                "E103": {"hired_on": date(1988, 4, 1), "retires_on": date(2030, 3, 31)},
            }
        ),
        expected_levels(),
    ),
    csv_case("Shift_JIS CSV as Japanese Excel saves it", "cp932", ","),
    csv_case("UTF-8 CSV with a BOM", "utf-8-sig", ","),
    csv_case("tab-separated text", "utf-8", "\t"),
    Case(
        "one sheet per line, a cover sheet first, an engineer on two lines",
        lambda: workbook(
            Tab("表紙", [["2026年度 力量評価表"], ["製造部"], ["承認", "確認", "作成"]]),
            Tab(
                "溶接ライン",
                [
                    ["社員番号", "氏名", "W-01", "W-02"],
                    ["E101", "佐藤 一郎", "◎", "○"],
                    ["E102", "鈴木 花子", "△", "◎"],
                ],
            ),
            Tab(
                "塗装ライン",
                [["社員番号", "氏名", "P-01"], ["E103", "高橋 健", "◎"], ["E101", "佐藤 一郎", "△"]],
            ),
        ),
        names(),
        {
            ("E101", "W-01"): 4,
            ("E101", "W-02"): 3,
            ("E102", "W-01"): 2,
            ("E102", "W-02"): 4,
            ("E103", "P-01"): 4,
            ("E101", "P-01"): 2,
        },
        skipped=("no_header",),
    ),
    Case(
        "力量表 with numbers 1–4 and its legend",
        lambda: workbook(
            Tab(
                "力量表",
                [
                    ["力量表（スキルマップ）"],
                    ["4：指導できる　3：一人でできる　2：指導の下でできる　1：訓練中"],
                    *grid([[4, 3, 2], [3, 2, 1], [1, None, 4]]),
                ],
            )
        ),
        names(),
        expected_levels([[4, 3, 2], [3, 2, 1], [1, None, 4]]),
    ),
    Case(
        "3-step numeric scale with its legend (3 = can teach)",
        lambda: workbook(
            Tab(
                "S",
                [
                    *grid([[3, 2, 1], [2, 1, 0], [1, None, 3]]),
                    [],
                    ["評価基準：3=指導できる　2=一人でできる　1=指導の下でできる", "0=できない"],
                ],
            )
        ),
        names(),
        expected_levels([[4, 3, 2], [3, 2, 0], [2, None, 4]]),
    ),
    Case(
        "3-step numeric scale without a legend: which scale is for a person to say",
        lambda: workbook(Tab("S", grid([[3, 2, 1], [2, 1, 0], [1, None, 3]]))),
        names(),
        expected_levels([[4, 3, 2], [3, 2, 0], [2, None, 4]]),
        refused=("scale_unsure",),
        says=("3-step", "Choose the scale"),
        decided={"notation": Notation("three_step"), "notation_confirmed": True},
    ),
    Case(
        "quarter circles ◔ ◑ ◕ ● with the legend ○=未訓練",
        lambda: workbook(
            Tab(
                "S",
                [
                    ["凡例", "●=指導できる", "◕=一人でできる", "◑=指導の下でできる", "◔=訓練中", "○=未訓練"],
                    *grid([["●", "◕", "◑"], ["◔", "○", "●"], ["◕", None, "◑"]]),
                ],
            )
        ),
        names(),
        expected_levels([[4, 3, 2], [1, 0, 4], [3, None, 2]]),
    ),
    Case(
        "ILUO letters, lower case and full width too",
        lambda: workbook(Tab("S", grid([["O", "U", "L"], ["ｕ", "l", "I"], ["i", None, "Ｏ"]]))),
        names(),
        expected_levels([[4, 3, 2], [3, 2, 1], [1, None, 4]]),
    ),
    Case(
        "English-headed matrix: Employee no., Full name, Plant, Hire date",
        lambda: workbook(
            Tab(
                "Skills matrix",
                [
                    ["Skills matrix — Welding"],
                    [],
                    ["Employee no.", "Full name", "Plant", "Hire date", "W-01", "W-02", "P-01"],
                    *[
                        [code, name, "Plant 2", date(2020, 4, 1), *cells]
                        for (code, name), cells in zip(
                            PEOPLE, [["4", "3", "2"], ["3", "2", "0"], ["2", None, "4"]], strict=True
                        )
                    ],
                ],
            )
        ),
        names(**{code: {"site": "Plant 2", "hired_on": date(2020, 4, 1)} for code, _n in PEOPLE}),
        expected_levels(),
    ),
    Case(
        "transposed matrix: processes as rows, engineers as columns",
        lambda: workbook(
            Tab(
                "S",
                [
                    ["社員番号", "E101", "E102", "E103"],
                    ["氏名", "佐藤 一郎", "鈴木 花子", "高橋 健"],
                    ["W-01", "◎", "○", "△"],
                    ["W-02", "○", "△", None],
                    ["P-01", "△", "×", "◎"],
                ],
            )
        ),
        names(),
        expected_levels(),
    ),
    Case(
        "hidden rows of retired people kept for the record",
        lambda: workbook(
            Tab("S", [*grid()[:2], ["E090", "退職 太郎", "◎", "◎", "◎"], *grid()[2:]], hidden_rows=(3,))
        ),
        names(),
        expected_levels(),
        skipped=("hidden",),
    ),
    Case(
        "codes number-formatted as 00123",
        lambda: workbook(
            Tab(
                "S",
                grid(people=[(123, "佐藤 一郎"), (45, "鈴木 花子"), (7, "高橋 健")]),
                formats={"A": "00000"},
            )
        ),
        names([("00123", "佐藤 一郎"), ("00045", "鈴木 花子"), ("00007", "高橋 健")]),
        expected_levels(people=[("00123", ""), ("00045", ""), ("00007", "")]),
    ),
    Case(
        "a site cell merged down the rows of its people",
        lambda: workbook(
            Tab(
                "S",
                grid(
                    head=["社員番号", "氏名", "工場", "W-01", "W-02", "P-01"],
                    extra=[("本社工場",), (None,), ("第二工場",)],
                ),
                merged=("C2:C3",),
            )
        ),
        names(**{"E101": {"site": "本社工場"}, "E102": {"site": "本社工場"}, "E103": {"site": "第二工場"}}),
        expected_levels(),
    ),
    Case(
        "a macro-enabled workbook (.xlsm): read, nothing run",
        lambda: xlsm(workbook(Tab("S", grid()))),
        names(),
        expected_levels(),
        filename="星取表.xlsm",
    ),
    Case(
        "headings as forms write them: 氏　名, 社員⏎番号, 配属, 定年予定日, No., フリガナ, 年齢, 備考",
        lambda: workbook(
            Tab(
                "S",
                grid(
                    head=[
                        "No.",
                        "社員\n番号",
                        "氏　名",
                        "フリガナ",
                        "年齢",
                        "配属",
                        "W-01",
                        "W-02",
                        "P-01",
                        "備考",
                    ],
                    people=[(1, "E101"), (2, "E102"), (3, "E103")],
                    extra=[("佐藤 一郎", "サトウ イチロウ", 58, "溶接課")] * 3,
                    symbols=[row + ["再教育"] for row in SYMBOLS],
                ),
            )
        ),
        {code: {"name": "佐藤 一郎", "site": "溶接課"} for code in ("E101", "E102", "E103")},
        expected_levels(),
        skipped=("not_process",),
    ),
    Case(
        "the file's own symbols: ○ means not trained in its legend; ◯ U+25EF and ー look-alikes",
        lambda: workbook(
            Tab(
                "S",
                [
                    ["凡例：◎=指導できる　●=一人でできる　△=指導の下でできる　○=未訓練"],
                    *grid([["◎", "●", "△"], ["●", "○", "ー"], ["◯", None, "◎"]]),
                ],
            )
        ),
        names(),
        expected_levels([[4, 3, 2], [3, 0, 0], [0, None, 4]]),
    ),
    Case(
        "the header repeated on every printed page, a note row at the end",
        lambda: workbook(Tab("S", [*grid()[:3], HEAD, *grid()[3:], ["※評価は年1回見直す"]])),
        names(),
        expected_levels(),
        skipped=("header", "note"),
    ),
    Case(
        "quarter circles ◔ ◑ ◕ ● without a legend: recognised, its ○ is none",
        lambda: workbook(Tab("S", grid([["●", "◕", "◑"], ["◔", "○", "●"], ["◕", None, "◑"]]))),
        names(),
        expected_levels([[4, 3, 2], [1, 0, 4], [3, None, 2]]),
    ),
    Case(
        "team rows 【A班】 between the engineers, a subtotal per team",
        lambda: workbook(
            Tab(
                "S",
                [
                    HEAD,
                    ["【A班】"],
                    *grid()[1:3],
                    ["小計", None, 2, 2, 1],
                    ["【B班】"],
                    *grid()[3:],
                    ["小計", None, 1, 0, 1],
                ],
            )
        ),
        names(),
        expected_levels(),
        skipped=("section", "totals"),
    ),
    Case(
        "the file's own shapes ◆ ◇ ▽ in a legend after a label (評価：◆=指導できる …)",
        lambda: workbook(
            Tab(
                "S",
                [
                    ["評価：◆=指導できる　◇=一人でできる　▽=指導の下でできる　×=できない"],
                    *grid([["◆", "◇", "▽"], ["◇", "▽", "×"], ["▽", None, "◆"]]),
                ],
            )
        ),
        names(),
        expected_levels(),
    ),
    Case(
        "a legend word Densho cannot place (☆=特級): a person says its level",
        lambda: workbook(
            Tab(
                "S",
                [
                    ["凡例", "☆=特級", "◎=指導できる", "○=一人でできる", "△=指導の下でできる"],
                    *grid([["☆", "○", "△"], ["○", "△", "◎"], ["△", None, "◎"]]),
                ],
            )
        ),
        names(),
        expected_levels([[4, 3, 2], [3, 2, 4], [2, None, 4]]),
        refused=("legend_unsure", "bad_level"),
        says=("choose a level for each symbol", "「☆」"),
        decided={"notation": Notation(chosen={"☆": 4}), "notation_confirmed": True},
    ),
]


@pytest.fixture
def supplier(session):
    supplier = b.gen_supplier(session, code="YAMADA")
    for code, name in PROCESSES:
        b.gen_process(session, supplier, code=code, name=name)
    return supplier


def plan_as_the_pages_do(app, session, supplier, case: Case, options: Options) -> Plan:
    """Parsed once at upload and kept as JSON, then planned with the app's headings, as `views._plan`."""
    sheets = load_sheets(dump_sheets(read_workbook(case.data(), case.filename)))
    scope = Scope.of(supplier)
    with app.app_context():
        aliases = texts.heading_aliases()
    return plan_workbook(session, scope, read_layouts(session, scope, sheets, aliases), options, ON)


def written(session, supplier) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str], int]]:
    engineers = session.scalars(select(Engineer).where(Engineer.supplier_id == supplier.id)).all()
    fields = ("name", "site", "hired_on", "retires_on")
    people = {e.employee_code: {f: getattr(e, f) for f in fields if getattr(e, f)} for e in engineers}
    rows = session.execute(
        select(Engineer.employee_code, Process.code, CurrentLevel.level)
        .join(CurrentLevel, CurrentLevel.engineer_id == Engineer.id)
        .join(Process, Process.id == CurrentLevel.process_id)
        .where(Engineer.supplier_id == supplier.id)
    ).all()
    return people, {(code, process): level for code, process, level in rows}


@pytest.mark.parametrize("case", CASES, ids=[f"case{n:02}" for n in range(1, len(CASES) + 1)])
def test_a_factory_workbook_imports_as_a_person_reads_it(app, session, supplier, case: Case):
    plan = plan_as_the_pages_do(app, session, supplier, case, Options())
    if case.refused:
        assert [problem.code for problem in plan.problems] == list(case.refused)
        with app.test_request_context(), force_locale("en"):
            said = " ".join(texts.problem_message(p.code, p.params) for p in plan.problems)
        assert all(words in said for words in case.says), said
        assert not plan.can_commit
        plan = plan_as_the_pages_do(app, session, supplier, case, Options(**case.decided))
    result = outcome(plan)
    assert result["problems"] == []
    assert (result["engineers"], result["levels"], result["new_processes"]) == (
        case.engineers, case.levels, []
    )  # fmt: skip
    kinds = {item.kind for item in plan.skipped}
    assert set(case.skipped) <= kinds, kinds
    apply_import(session, Scope.of(supplier), None, plan, ON)
    session.flush()
    assert written(session, supplier) == (case.engineers, case.levels)
    again = plan_as_the_pages_do(app, session, supplier, case, Options(**case.decided))
    assert not again.has_changes and not again.problems


def test_the_corpus_has_at_least_20_distinct_files():
    assert len(CASES) >= 20 and len({case.name for case in CASES}) == len(CASES)
