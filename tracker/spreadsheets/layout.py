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
from datetime import date, datetime
from typing import Any

from openpyxl.utils import get_column_letter

from tracker.spreadsheets.sheets import Sheet

HEADER_SEARCH_ROWS = 10
ENGINEER_FIELDS = ("employee_code", "name", "site", "hired_on", "retires_on")
REQUIRED_FIELDS = ("employee_code", "name")

# Headings recognised whatever the user's language; the views add the app's own labels in every
# language it speaks.
BUILTIN_ALIASES: dict[str, tuple[str, ...]] = {
    "employee_code": (
        "employee code", "employee no", "employee no.", "employee number", "employee id", "code",
        "社員番号", "社員コード", "社員no", "社員no.", "従業員番号", "従業員コード",
    ),
    "name": ("name", "engineer", "engineer name", "氏名", "名前", "技術者", "作業者", "従業員名"),
    "site": ("site", "plant", "拠点", "事業所", "工場"),
    "hired_on": ("hire date", "hired on", "date of hire", "入社日", "入社年月日"),
    "retires_on": (
        "retirement date", "planned retirement date", "retires on", "退職予定日", "定年退職日",
        "退職日", "定年",
    ),
}  # fmt: skip

# The notations factories use for a level, shown as a table on the import page. Letters and
# digits are also accepted in lower case and full width (ｕ, Ｕ, ３).
NOTATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (4, ("4", "O", "◎")),
    (3, ("3", "U", "○", "〇")),
    (2, ("2", "L", "△")),
    (1, ("1", "I", "▲", "・")),
    (0, ("0", "×", "✕", "✖", "-", "−", "–", "—")),
)
_LEVELS = {symbol: level for level, symbols in NOTATIONS for symbol in symbols}
_NAME_SEPARATORS = re.compile(r"\s*(?:·|:|：|\||｜|\n)\s*")
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_FORMULA_START = tuple("=+-@\t\r＝＋－＠")


class BadValue(ValueError):
    """A cell's value does not fit its column."""


def normalise_heading(value: Any) -> str:
    """A heading folded for matching: NFKC, case-folded, spaces collapsed, no trailing * or :."""
    text = unicodedata.normalize("NFKC", str(value or "")).casefold()
    return " ".join(text.split()).rstrip("*:： ").strip()


def level_of(value: Any) -> int | None:
    """The level a cell denotes, None for an empty cell; raises BadValue for anything else."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadValue(value)
    if isinstance(value, int | float):
        if float(value).is_integer() and 0 <= value <= 4:
            return int(value)
        raise BadValue(value)
    text = str(value).strip()
    if not text:
        return None
    if text in _LEVELS:
        return _LEVELS[text]
    folded = unicodedata.normalize("NFKC", text).strip().upper()
    if folded in _LEVELS:
        return _LEVELS[folded]
    raise BadValue(value)


def date_of(value: Any) -> date | None:
    """A date from an Excel date cell or ISO-like text (2026-04-01, 2026/4/1, 2026年4月1日)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if not text:
            return None
        match = _DATE_TEXT.match(text)
        if match:
            try:
                return date(*(int(part) for part in match.groups()))
            except ValueError as error:
                raise BadValue(value) from error
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
    """A process column of the file: matched to a process, or proposed as a new one."""

    index: int
    heading: str
    process_id: int | None
    code: str
    name: str
    category_guess: int | None = None

    @property
    def matched(self) -> bool:
        return self.process_id is not None


@dataclass
class Layout:
    sheet: str
    header_row: int | None
    fields: dict[str, int] = field(default_factory=dict)
    columns: list[Column] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, row: int | None, column: int | None, value: Any, code: str, **params: Any) -> None:
        self.problems.append(Problem(self.sheet, row, column, shown(value), code, params))

    @property
    def unmatched(self) -> list[Column]:
        return [column for column in self.columns if not column.matched]


@dataclass(frozen=True)
class KnownProcess:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class KnownCategory:
    id: int
    names: tuple[str, ...]


def find_layout(
    sheet: Sheet,
    processes: Sequence[KnownProcess],
    categories: Sequence[KnownCategory],
    aliases: Mapping[str, Iterable[str]],
) -> Layout:
    """The header row (the first of the top rows naming an employee code and a name) and columns."""
    names = {
        name: {normalise_heading(alias) for alias in BUILTIN_ALIASES[name] + tuple(aliases.get(name, ()))}
        for name in ENGINEER_FIELDS
    }
    for number, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS], start=1):
        headings = [normalise_heading(value) for value in row]
        if all(any(heading in names[name] for heading in headings) for name in REQUIRED_FIELDS):
            return _columns(sheet, number, names, processes, categories)
    layout = Layout(sheet.name, None)
    layout.problem(None, None, "", "no_header")
    return layout


def _columns(sheet, header_row, names, processes, categories) -> Layout:
    layout = Layout(sheet.name, header_row)
    matcher = _Matcher(processes)
    used_processes: dict[int, int] = {}
    used_codes: dict[str, int] = {}
    width = max((len(row) for row in sheet.rows[header_row - 1 :]), default=0)
    for index in range(1, width + 1):
        raw = sheet.value(header_row, index)
        heading = text_of(raw)
        folded = normalise_heading(raw)
        field_name = next((name for name in ENGINEER_FIELDS if folded in names[name]), None)
        if field_name and field_name not in layout.fields:
            layout.fields[field_name] = index
            continue
        if not heading:
            if any(sheet.value(row, index) is not None for row in range(header_row + 1, len(sheet.rows) + 1)):
                layout.problem(header_row, index, "", "no_heading")
            continue
        column = matcher.column(index, heading, categories)
        key_used = used_processes if column.matched else used_codes
        key = column.process_id if column.matched else column.code.casefold()
        if field_name or key in key_used:
            first = layout.fields[field_name] if field_name else key_used[key]
            layout.problem(header_row, index, heading, "duplicate_column", first=get_column_letter(first))
            continue
        key_used[key] = index
        layout.columns.append(column)
    return layout


class _Matcher:
    """Matches a heading to a process: by code, by unique name, or by "code · name"."""

    def __init__(self, processes: Sequence[KnownProcess]) -> None:
        self.by_code = {normalise_heading(p.code): p for p in processes}
        by_name: dict[str, list[KnownProcess]] = {}
        for process in processes:
            by_name.setdefault(normalise_heading(process.name), []).append(process)
        self.by_name = {name: found[0] for name, found in by_name.items() if len(found) == 1}

    def column(self, index: int, heading: str, categories: Sequence[KnownCategory]) -> Column:
        folded = normalise_heading(heading)
        parts = _NAME_SEPARATORS.split(heading, maxsplit=1)
        code_part = normalise_heading(parts[0])
        process = self.by_code.get(folded) or self.by_name.get(folded)
        if process is None and len(parts) == 2:
            process = self.by_code.get(code_part)
        if process is not None:
            return Column(index, heading, process.id, process.code, process.name)
        code, name = (parts[0], parts[1]) if len(parts) == 2 and parts[0] else (heading, heading)
        return Column(index, heading, None, code[:40], name[:200], _guess(heading, categories))


def _guess(heading: str, categories: Sequence[KnownCategory]) -> int | None:
    """The category whose name appears in the heading, if exactly one does."""
    folded = normalise_heading(heading)
    found = {c.id for c in categories if any(n and normalise_heading(n) in folded for n in c.names)}
    return found.pop() if len(found) == 1 else None
