"""How an imported skills matrix is laid out: the header row, its columns, and the cell notations.

Rows are engineers (employee code, name, optionally site, hire and retirement date); every other
headed column is a process, matched to the supplier's processes by code or name. Plain Python:
no Flask, no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from openpyxl.utils import get_column_letter

from tracker.spreadsheets.notation import NOTATIONS, Notation, is_legend_row, symbol_of
from tracker.spreadsheets.sheets import Sheet, is_blank

__all__ = ["NOTATIONS"]

HEADER_SEARCH_ROWS = 30
ENGINEER_FIELDS = ("employee_code", "name", "site", "hired_on", "retires_on")
REQUIRED_FIELDS = ("employee_code", "name")

# The synonym table: headings recognised whatever the user's language, compared after
# `normalise_heading` (full width folded, spaces and line breaks removed, case ignored). The
# import page shows it; the views add the app's own labels in every language it speaks.
BUILTIN_ALIASES: dict[str, tuple[str, ...]] = {
    "employee_code": (
        "社員番号",
        "社員コード",
        "社員No.",
        "社員ID",
        "社番",
        "従業員番号",
        "従業員コード",
        "従業員No.",
        "従業員ID",
        "職員番号",
        "作業者番号",
        "作業者コード",
        "作業者No.",
        "個人コード",
        "人事番号",
        "ID",
        "Employee code",
        "Employee no.",
        "Employee number",
        "Employee ID",
        "Staff no.",
        "Staff ID",
        "Emp no.",
        "Code",
        "Personnel number",
        "Badge no.",
    ),
    "name": (
        "氏名",
        "名前",
        "作業者名",
        "作業者",
        "社員名",
        "従業員名",
        "技術者",
        "技術者名",
        "担当者",
        "担当者名",
        "Name",
        "Full name",
        "Engineer",
        "Engineer name",
        "Employee name",
        "Worker",
        "Operator",
    ),
    "site": (
        "拠点",
        "事業所",
        "工場",
        "配属",
        "配属先",
        "所属",
        "所属先",
        "勤務地",
        "Site",
        "Plant",
        "Location",
        "Factory",
        "Works",
    ),
    "hired_on": ("入社日", "入社年月日", "採用日", "Hire date", "Hired on", "Date of hire", "Joined"),
    "retires_on": (
        "定年予定日",
        "定年日",
        "定年",
        "定年退職日",
        "定年退職予定日",
        "退職予定日",
        "退職日",
        "Retirement date",
        "Planned retirement date",
        "Retires on",
        "Retirement",
    ),
}
# Headings of columns that are about the engineer but hold no level: ignored by default.
NOT_PROCESS_HEADINGS: tuple[str, ...] = (
    "No.",
    "No",
    "#",
    "№",
    "連番",
    "通し番号",
    "番号",
    "備考",
    "メモ",
    "コメント",
    "フリガナ",
    "ふりがな",
    "カナ",
    "よみがな",
    "年齢",
    "性別",
    "生年月日",
    "役職",
    "職位",
    "職制",
    "等級",
    "資格",
    "保有工程数",
    "保有数",
    "工程数",
    "合計",
    "計",
    "小計",
    "人数",
    "点数",
    "平均",
    "達成率",
    "多能工率",
    "Remarks",
    "Notes",
    "Note",
    "Comment",
    "Age",
    "Total",
    "Count",
    "Sum",
    "Average",
    "Furigana",
    "Kana",
    "Title",
    "Grade",
)
# Words that mark a row as not an engineer: a totals row, a note, a stamp box.
_TOTALS = ("合計", "計", "小計", "総計", "人数", "人数計", "有資格者数", "保有者数", "該当者数", "達成率",
           "平均", "多能工率", "total", "totals", "count", "sum", "average")  # fmt: skip
_NOTES = ("※", "注", "*", "備考", "note", "remarks", "memo", "(注)")
_STAMPS = ("承認", "確認", "作成", "検印", "審査", "approved", "checked", "prepared")
_NAME_SEPARATORS = re.compile(r"\s*(?:·|:|：|\||｜|\n)\s*")
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_FORMULA_START = tuple("=+-@\t\r＝＋－＠")


class BadValue(ValueError):
    """A cell's value does not fit its column."""


def normalise_heading(value: Any) -> str:
    """A heading folded for matching: NFKC, case-folded, every space and line break removed, no
    trailing * or :, no "(必須)"-style note in brackets ("氏　名", "社員⏎番号" -> "氏名", "社員番号")."""
    text = unicodedata.normalize("NFKC", str(value or "")).casefold()
    text = re.sub(r"[(\[](?:必須|任意|required|optional)[)\]]", "", text)
    return "".join(text.split()).rstrip("*:").strip()


def level_of(value: Any) -> int | None:
    """The level a cell denotes in the standard notation, None for an empty cell; raises BadValue."""
    if isinstance(value, bool):
        raise BadValue(value)
    if isinstance(value, int | float) and not (float(value).is_integer() and 0 <= value <= 4):
        raise BadValue(value)
    symbol = symbol_of(value)
    if symbol is None:
        return None
    reading = STANDARD.read(symbol)
    if reading.level is None or reading.like:
        raise BadValue(value)
    return reading.level


STANDARD = Notation()
_ERAS = {"令和": 2018, "r": 2018, "平成": 1988, "h": 1988, "昭和": 1925, "s": 1925, "大正": 1911, "t": 1911}
_ERA_DATE = re.compile(
    r"^(令和|平成|昭和|大正|[rhst])\s*(\d{1,2}|元)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$"
)
_SERIALS = (18264, 73051)  # Excel day numbers of 1950-01-01 and 2100-01-01
_EXCEL_EPOCH = date(1899, 12, 30)


def date_of(value: Any) -> date | None:
    """A date from an Excel date cell, an Excel day number in a General cell (45000), ISO-like text
    (2026-04-01, 2026/4/1, 2026年4月1日) or a Japanese era date (令和5年4月1日, R5.4.1, H30.4.1)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and _SERIALS[0] <= value <= _SERIALS[1]:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise BadValue(value)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().casefold()
        if not text:
            return None
        parts = None
        match = _DATE_TEXT.match(text)
        if match:
            parts = [int(part) for part in match.groups()]
        match = _ERA_DATE.match(text)
        if match:
            era, year, month, day = match.groups()
            parts = [_ERAS[era] + (1 if year == "元" else int(year)), int(month), int(day)]
        if parts is not None:
            try:
                return date(*parts)
            except ValueError as error:
                raise BadValue(value) from error
        if text.isdigit():
            return date_of(int(text))
    raise BadValue(value)


def text_of(value: Any) -> str:
    """Cell text, trimmed; integral numbers without ".0"; a formula-escaping quote removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.isoformat()
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        text = text[1:]
    return text


def shown(value: Any) -> str:
    """A cell value as a problem list shows it."""
    if isinstance(value, datetime) and not (value.hour or value.minute or value.second):
        return value.date().isoformat()
    return "" if value is None else str(value)


def row_text(cells: Iterable[Any], limit: int = 120) -> str:
    """A row's non-empty cells joined, as a list of skipped rows shows it."""
    text = " | ".join(shown(cell).replace("\n", " ") for cell in cells if not is_blank(cell))
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """Something in the file that stops the import, with its position (row and column from 1)."""

    sheet: str
    row: int | None
    column: int | None
    value: str
    code: str
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def column_letter(self) -> str:
        return get_column_letter(self.column) if self.column else ""


@dataclass(frozen=True)
class Column:
    """A process column of the file: matched to a process, or proposed as a new one.

    `ignore` names why the column is left out unless the user decides otherwise: "hidden" (a
    hidden column), "not_process" (No., 備考, フリガナ, 年齢, counts …) or "counting" (formulas
    that count other cells).
    """

    index: int
    heading: str
    process_id: int | None
    code: str
    name: str
    category_guess: int | None = None
    ignore: str = ""
    group: str = ""

    @property
    def matched(self) -> bool:
        return self.process_id is not None

    @property
    def key(self) -> str:
        """The same heading on several sheets is one column of the import."""
        return normalise_heading(self.heading)

    @property
    def undecided(self) -> bool:
        return not self.matched or bool(self.ignore)


@dataclass
class Layout:
    sheet: str
    header_row: int | None
    fields: dict[str, int] = field(default_factory=dict)
    columns: list[Column] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    header_rows: tuple[int, ...] = ()
    transposed: bool = False

    def problem(self, row: int | None, column: int | None, value: Any, code: str, **params: Any) -> None:
        if self.transposed:
            row, column = column, row
        self.problems.append(Problem(self.sheet, row, column, shown(value), code, params))

    @property
    def unmatched(self) -> list[Column]:
        return [column for column in self.columns if column.undecided]


@dataclass(frozen=True)
class KnownProcess:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class KnownCategory:
    id: int
    names: tuple[str, ...]


def heading_names(aliases: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """By engineer field, every heading that names it, normalised."""
    return {
        name: {normalise_heading(alias) for alias in BUILTIN_ALIASES[name] + tuple(aliases.get(name, ()))}
        for name in ENGINEER_FIELDS
    }


def _header_row(sheet: Sheet, names: dict[str, set[str]]) -> int | None:
    for number, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS], start=1):
        headings = {normalise_heading(value) for value in row}
        if all(headings & names[name] for name in REQUIRED_FIELDS):
            return number
    return None


def find_layout(
    sheet: Sheet,
    processes: Sequence[KnownProcess],
    categories: Sequence[KnownCategory],
    aliases: Mapping[str, Iterable[str]],
    header_row: int | None = None,
) -> Layout:
    """The header row (the first of the top 30 rows naming an employee code and a name, or the
    one the user chose), a second header row above or below it, and the columns."""
    names = heading_names(aliases)
    number = header_row or _header_row(sheet, names)
    if number is None:
        layout = Layout(sheet.name, None)
        if _header_row(sheet.transposed(), names) is not None:
            layout.problem(None, None, "", "transposed")
        else:
            layout.problem(None, None, "", "no_header")
        return layout
    return _columns(sheet, number, names, processes, categories)


def find_transposed_layout(sheet: Sheet, processes, categories, aliases) -> Layout:
    """The layout of a sheet with engineers as columns and processes as rows, read turned around."""
    layout = find_layout(sheet.transposed(), processes, categories, aliases)
    layout.transposed = True
    return layout


def _second_header(
    sheet: Sheet, header_row: int, fields: dict[str, int], width: int
) -> tuple[int, str] | None:
    """A group or code row right above the header, or a name row right below it, as (row, kind).

    A second header row leaves the engineer columns empty (or repeats their headings, merged
    down) and has text over the process columns that is not a level; its kind is "group" when
    the text is merged over or written once for several columns, else "code" (codes above names).
    """
    field_columns = set(fields.values())
    process_columns = [index for index in range(1, width + 1) if index not in field_columns]
    # Without the engineer columns known, the row below cannot be told from the first engineer's.
    below = (header_row + 1,) if all(name in fields for name in REQUIRED_FIELDS) else ()
    for other in (*below, header_row - 1):
        if other < 1 or other > len(sheet.rows) or not process_columns:
            continue
        engineer_cells = [sheet.value(other, index) for index in field_columns]
        if any(not is_blank(v) and text_of(v) != text_of(sheet.value(header_row, i))
               for v, i in zip(engineer_cells, field_columns, strict=True)):  # fmt: skip
            continue
        texts = [sheet.value(other, index) for index in process_columns]
        filled = [value for value in texts if not is_blank(value)]
        if len(filled) < 1 or all(_is_level_like(value) for value in filled):
            continue
        upper = min(other, header_row)
        upper_texts = [sheet.value(upper, index) for index in process_columns]
        grouped = any(sheet.merged_across(upper, index) for index in process_columns)
        written = [text_of(value) for value in upper_texts if not is_blank(value)]
        if grouped or len(set(written)) < len(written) or len(written) < len(upper_texts):
            return other, "group"
        return other, "code"
    return None


def _is_level_like(value: Any) -> bool:
    symbol = symbol_of(value)
    return symbol is not None and STANDARD.read(symbol).level is not None


def _columns(sheet, header_row, names, processes, categories) -> Layout:
    width = max((len(row) for row in sheet.rows[max(header_row - 2, 0) :]), default=0)
    fields: dict[str, int] = {}
    for index in range(1, width + 1):
        folded = normalise_heading(sheet.value(header_row, index))
        field_name = next((name for name in ENGINEER_FIELDS if folded in names[name]), None)
        if field_name and field_name not in fields:
            fields[field_name] = index
    second = _second_header(sheet, header_row, fields, width)
    rows = tuple(sorted({header_row, second[0]})) if second else (header_row,)
    layout = Layout(sheet.name, max(rows), fields=fields, header_rows=rows)
    matcher = _Matcher(processes)
    used_processes: dict[int, int] = {}
    used_codes: dict[str, int] = {}
    ignored = {normalise_heading(heading) for heading in NOT_PROCESS_HEADINGS}
    data_rows = range(layout.header_row + 1, len(sheet.rows) + 1)
    for index in range(1, width + 1):
        if index in fields.values():
            continue
        upper, lower = sheet.value(rows[0], index), sheet.value(rows[-1], index)
        group = ""
        if second is None:
            heading = text_of(sheet.value(header_row, index))
        elif second[1] == "group":
            group, heading = text_of(upper), text_of(lower) or text_of(upper)
        else:
            code, name = text_of(upper), text_of(lower)
            heading = f"{code} · {name}" if code and name and code != name else code or name
        folded = normalise_heading(heading)
        field_name = next((name for name in ENGINEER_FIELDS if folded in names[name]), None)
        if not heading:
            if any(not is_blank(sheet.value(row, index)) for row in data_rows):
                layout.problem(layout.header_row, index, "", "no_heading")
            continue
        column = matcher.column(index, heading, categories, group)
        key_used = used_processes if column.matched else used_codes
        key = column.process_id if column.matched else column.code.casefold()
        if field_name or key in key_used:
            first = layout.fields[field_name] if field_name else key_used[key]
            layout.problem(
                layout.header_row, index, heading, "duplicate_column", first=get_column_letter(first)
            )
            continue
        key_used[key] = index
        reason = ""
        if index in sheet.hidden_columns:
            reason = "hidden"
        elif folded in ignored or any(normalise_heading(group) == word for word in ignored if group):
            reason = "not_process"
        elif _counts_other_cells(sheet, index, data_rows):
            reason = "counting"
        if reason:
            column = Column(**{**column.__dict__, "ignore": reason})
        layout.columns.append(column)
    return layout


def _counts_other_cells(sheet: Sheet, index: int, rows: range) -> bool:
    """True for a column most of whose filled cells are formulas counting others (保有工程数 =COUNTA);
    a process column whose totals rows count its symbols is not one."""
    filled = [row for row in rows if not is_blank(sheet.value(row, index)) or (row, index) in sheet.uncached]
    counting = [row for row in filled if (row, index) in sheet.counting]
    return bool(counting) and len(counting) * 2 > len(filled)


class _Matcher:
    """Matches a heading to a process: by code, by unique name, or by "code · name"."""

    def __init__(self, processes: Sequence[KnownProcess]) -> None:
        self.by_code = {normalise_heading(p.code): p for p in processes}
        by_name: dict[str, list[KnownProcess]] = {}
        for process in processes:
            by_name.setdefault(normalise_heading(process.name), []).append(process)
        self.by_name = {name: found[0] for name, found in by_name.items() if len(found) == 1}

    def column(
        self, index: int, heading: str, categories: Sequence[KnownCategory], group: str = ""
    ) -> Column:
        folded = normalise_heading(heading)
        parts = _NAME_SEPARATORS.split(heading, maxsplit=1)
        code_part = normalise_heading(parts[0])
        process = self.by_code.get(folded) or self.by_name.get(folded)
        if process is None and len(parts) == 2:
            process = self.by_code.get(code_part) or self.by_name.get(normalise_heading(parts[1]))
        if process is not None:
            return Column(index, heading, process.id, process.code, process.name, group=group)
        code, name = (parts[0], parts[1]) if len(parts) == 2 and parts[0] else (heading, heading)
        guess = _guess(f"{group} {heading}", categories)
        return Column(index, heading, None, code[:40], name[:200], guess, group=group)


def _guess(heading: str, categories: Sequence[KnownCategory]) -> int | None:
    """The category whose name appears in the heading, if exactly one does."""
    folded = normalise_heading(heading)
    found = {c.id for c in categories if any(n and normalise_heading(n) in folded for n in c.names)}
    return found.pop() if len(found) == 1 else None


def row_kind(sheet: Sheet, layout: Layout, row: int) -> str | None:
    """Why a row below the header is not an engineer, or None for an engineer's row.

    "blank", "hidden", "legend" (凡例 ◎=指導できる …), "note" (※ …), "totals" (合計, 人数, COUNTIF
    …), "stamp" (承認 / 確認 boxes), "header" (the heading row repeated on a later page) or "section"
    (a team or line heading inside the table, 【A班】: one cell, in the code column).
    """
    cells = sheet.rows[row - 1] if row <= len(sheet.rows) else ()
    if all(is_blank(value) for value in cells):
        return "blank"
    if row in sheet.hidden_rows:
        return "hidden"
    code_column, name_column = layout.fields["employee_code"], layout.fields["name"]
    code, name = text_of(sheet.value(row, code_column)), text_of(sheet.value(row, name_column))
    first = next(text_of(value) for value in cells if not is_blank(value))
    header = {normalise_heading(value) for value in sheet.rows[layout.header_row - 1]}
    if normalise_heading(code) in header - {""} and normalise_heading(name) in header:
        return "header"
    if is_legend_row(cells):
        return "legend"
    words = {normalise_heading(code), normalise_heading(name), normalise_heading(first)}
    if words & {normalise_heading(word) for word in _TOTALS} or any(
        (row, column.index) in sheet.counting for column in layout.columns if not column.ignore
    ):
        return "totals"
    if code in ("", first) and any(first.casefold().startswith(mark) for mark in _NOTES):
        return "note"
    if code in ("", first) and name == "" and any(word in first.casefold() for word in _STAMPS):
        return "stamp"
    filled = len([value for value in cells if not is_blank(value)])
    if code == "" and name == "" and filled == 1 and len(first) > 8:
        return "note"
    if code == first and name == "" and filled == 1:
        return "section"
    return None
