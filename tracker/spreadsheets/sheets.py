"""Reading the first sheet of an uploaded .xlsx or .csv into plain rows of values.

The .xlsx must have passed `xlsx_safety.check_xlsx` first. Formulas are never evaluated: a
formula cell gives its cached value, and one without a cached value is listed in `uncached`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook

from tracker.refusals import Refused
from tracker.spreadsheets.safety import check_xlsx

MAX_ROWS = 5_000
MAX_COLUMNS = 305
TRAILING_ROWS_CHECKED = 1_000
EXTENSIONS = ("xlsx", "csv")


class UnreadableFile(Refused):
    """The file cannot be read as a skills matrix; `code` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code, "file")


@dataclass(frozen=True)
class Sheet:
    """Row `n` (1-based, as a spreadsheet numbers it) is `rows[n - 1]`; column `c` is `row[c - 1]`."""

    name: str
    rows: list[tuple[Any, ...]]
    uncached: frozenset[tuple[int, int]] = field(default_factory=frozenset)

    def value(self, row: int, column: int) -> Any:
        cells = self.rows[row - 1] if row <= len(self.rows) else ()
        return cells[column - 1] if column <= len(cells) else None


def extension_of(filename: str) -> str:
    """The lower-case extension of `filename`, without the dot ("" when there is none)."""
    _stem, dot, extension = filename.rpartition(".")
    return extension.lower() if dot else ""


def read_sheet(data: bytes, filename: str) -> Sheet:
    """The first sheet of an .xlsx or the rows of a .csv; raises UnreadableFile or UnsafeFile."""
    extension = extension_of(filename)
    if extension == "csv":
        return _read_csv(data, filename)
    if extension == "xlsx":
        check_xlsx(data)
        return _read_xlsx(data)
    raise UnreadableFile("file_type")


def _bounded(rows: Iterator[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows with trailing empty cells and rows dropped; raises when beyond the size limits."""
    kept: list[tuple[Any, ...]] = []
    last_used = 0
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS + TRAILING_ROWS_CHECKED:
            break
        used = [index for index, value in enumerate(row, start=1) if not is_blank(value)]
        if used and number > MAX_ROWS:
            raise UnreadableFile("too_many_rows")
        if used and used[-1] > MAX_COLUMNS:
            raise UnreadableFile("too_many_columns")
        if number <= MAX_ROWS:
            kept.append(tuple(row[: used[-1]]) if used else ())
            if used:
                last_used = number
    return kept[:last_used]


def is_blank(value: Any) -> bool:
    """True for an empty cell or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Shift_JIS as Japanese Excel saves CSV."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("encoding")


def _read_csv(data: bytes, filename: str) -> Sheet:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = _bounded(tuple(value if value.strip() else None for value in row) for row in reader)
    except csv.Error as error:
        raise UnreadableFile("unreadable") from error
    return Sheet(name=filename, rows=rows)


def _read_xlsx(data: bytes) -> Sheet:
    try:
        uncached = _formula_cells(data)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                raise UnreadableFile("unreadable")
            sheet = workbook.worksheets[0]
            rows = _bounded(sheet.iter_rows(max_col=MAX_COLUMNS + 10, values_only=True))
            name = sheet.title
        finally:
            workbook.close()
    except UnreadableFile:
        raise
    except Exception as error:  # openpyxl raises many kinds on a malformed file
        raise UnreadableFile("unreadable") from error
    values = Sheet(name=name, rows=rows)
    missing = frozenset(position for position in uncached if is_blank(values.value(*position)))
    return Sheet(name=name, rows=rows, uncached=missing)


def _formula_cells(data: bytes) -> set[tuple[int, int]]:
    """Positions (row, column) of the formula cells of the first sheet."""
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        if not workbook.worksheets:
            return set()
        positions = set()
        rows = workbook.worksheets[0].iter_rows(max_row=MAX_ROWS, max_col=MAX_COLUMNS + 10)
        for number, row in enumerate(rows, start=1):
            for column, cell in enumerate(row, start=1):
                if getattr(cell, "data_type", None) == "f":
                    positions.add((number, column))
        return positions
    finally:
        workbook.close()
