"""Reading an uploaded .xlsx, .xlsm or .csv into plain sheets of values, as Excel shows them.

The workbook must have passed `safety.check_xlsx` first (`read_workbook` calls it). Formulas and
macros are never run: a formula cell gives its cached value, one without a cached value is
listed in `uncached`. What a person sees in Excel is what the sheet holds: a code shown as 00123
by its number format is the text "00123", a merged cell's value fills its whole range, and hidden
rows and columns are listed so the import can leave them out and say so.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from defusedxml.ElementTree import fromstring, iterparse
from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from tracker.refusals import Refused
from tracker.spreadsheets.safety import check_xlsx

MAX_ROWS = 5_000
MAX_COLUMNS = 305
MAX_SHEETS = 30
TRAILING_ROWS_CHECKED = 1_000
HEADER_LINES = 30  # the lines of a CSV looked at for its separator
EXTENSIONS = ("xlsx", "xlsm", "csv")
WORKBOOKS = ("xlsx", "xlsm")
_ZERO_PADDED = re.compile(r'^(?:"[^"]*"|\\.)*(0+)(?:"[^"]*"|\\.)*$')


class UnreadableFile(Refused):
    """The file cannot be read as a skills matrix; `code` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code, "file")


@dataclass(frozen=True)
class Sheet:
    """Row `n` (1-based, as a spreadsheet numbers it) is `rows[n - 1]`; column `c` is `row[c - 1]`.

    `merged` lists the merged ranges as (first row, first column, last row, last column).
    `counting` holds the positions of formulas that add up or count other cells (SUM, COUNTIF …).
    """

    name: str
    rows: list[tuple[Any, ...]]
    uncached: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    hidden_rows: frozenset[int] = field(default_factory=frozenset)
    hidden_columns: frozenset[int] = field(default_factory=frozenset)
    merged: tuple[tuple[int, int, int, int], ...] = ()
    counting: frozenset[tuple[int, int]] = field(default_factory=frozenset)

    def value(self, row: int, column: int) -> Any:
        cells = self.rows[row - 1] if 0 < row <= len(self.rows) else ()
        return cells[column - 1] if 0 < column <= len(cells) else None

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def merged_across(self, row: int, column: int) -> bool:
        """True when the cell is part of a range merged over several columns."""
        return any(
            top <= row <= bottom and left <= column <= right and right > left
            for top, left, bottom, right in self.merged
        )

    def transposed(self) -> Sheet:
        """The same sheet with rows and columns swapped (for a matrix with processes as rows)."""
        width = self.width
        rows = [tuple(self.value(r, c) for r in range(1, len(self.rows) + 1)) for c in range(1, width + 1)]
        return Sheet(
            self.name,
            [_trimmed(row) for row in rows],
            frozenset((c, r) for r, c in self.uncached),
            frozenset(self.hidden_columns),
            frozenset(self.hidden_rows),
            tuple((left, top, right, bottom) for top, left, bottom, right in self.merged),
            frozenset((c, r) for r, c in self.counting),
        )


def _trimmed(row: tuple[Any, ...]) -> tuple[Any, ...]:
    used = [index for index, value in enumerate(row, start=1) if not is_blank(value)]
    return tuple(row[: used[-1]]) if used else ()


def extension_of(filename: str) -> str:
    """The lower-case extension of `filename`, without the dot ("" when there is none)."""
    _stem, dot, extension = filename.rpartition(".")
    return extension.lower() if dot else ""


def read_workbook(data: bytes, filename: str) -> list[Sheet]:
    """Every sheet of an .xlsx/.xlsm (in the workbook's order) or the one sheet of a .csv.

    Raises UnreadableFile or UnsafeFile.
    """
    extension = extension_of(filename)
    if extension == "csv":
        return [_read_csv(data, filename)]
    if extension in WORKBOOKS:
        check_xlsx(data)
        return _read_xlsx(data)
    raise UnreadableFile("file_type")


def read_sheet(data: bytes, filename: str) -> Sheet:
    """The first sheet of a workbook or the rows of a .csv."""
    return read_workbook(data, filename)[0]


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
    # The separator is the one the file's busiest line uses most: a title line may have none.
    lines = text.split("\n", HEADER_LINES)[:HEADER_LINES]
    delimiter = max((",", ";", "\t"), key=lambda mark: max(line.count(mark) for line in lines))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = _bounded(tuple(value if value.strip() else None for value in row) for row in reader)
    except csv.Error as error:
        raise UnreadableFile("unreadable") from error
    return Sheet(name=filename, rows=rows)


def shown_number(value: Any, number_format: str) -> Any:
    """A number as its zero-padded number format shows it ("00000": 123 -> "00123"), else as is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    match = _ZERO_PADDED.match(number_format or "")
    if match is None or len(match.group(1)) < 2 or not float(value).is_integer() or value < 0:
        return value
    return str(int(value)).zfill(len(match.group(1)))


def _read_xlsx(data: bytes) -> list[Sheet]:
    try:
        formulas = _formula_cells(data)
        workbook = load_workbook(io.BytesIO(data), data_only=True, keep_vba=False, keep_links=False)
        try:
            if not workbook.worksheets:
                raise UnreadableFile("unreadable")
            if len(workbook.worksheets) > MAX_SHEETS:
                raise UnreadableFile("too_many_sheets")
            sheets = [
                _sheet(worksheet, formulas.get(worksheet.title, {})) for worksheet in workbook.worksheets
            ]
        finally:
            workbook.close()
    except UnreadableFile:
        raise
    except Exception as error:  # openpyxl raises many kinds on a malformed file
        raise UnreadableFile("unreadable") from error
    return sheets


def _sheet(worksheet, formulas: dict[tuple[int, int], str]) -> Sheet:
    rows = _bounded(
        tuple(shown_number(cell.value, cell.number_format) for cell in row)
        for row in worksheet.iter_rows(max_col=MAX_COLUMNS + 10)
    )
    grid = [list(row) for row in rows]
    merged = []
    for cell_range in worksheet.merged_cells.ranges:
        top, left, bottom, right = (
            cell_range.min_row,
            cell_range.min_col,
            cell_range.max_row,
            cell_range.max_col,
        )
        if top > len(grid) or left > MAX_COLUMNS:
            continue
        bottom, right = min(bottom, len(grid)), min(right, MAX_COLUMNS)
        merged.append((top, left, bottom, right))
        first = grid[top - 1][left - 1] if left <= len(grid[top - 1]) else None
        for r in range(top, bottom + 1):
            cells = grid[r - 1]
            if len(cells) < right:
                cells.extend([None] * (right - len(cells)))
            for c in range(left, right + 1):
                cells[c - 1] = first
    rows = [_trimmed(tuple(cells)) for cells in grid]
    hidden_rows = frozenset(
        number
        for number, dimension in worksheet.row_dimensions.items()
        if dimension.hidden and number <= len(rows)
    )
    hidden_columns: set[int] = set()
    for letter, dimension in worksheet.column_dimensions.items():
        if dimension.hidden:
            first = column_index_from_string(letter)
            last = max(first, dimension.max or first) if dimension.min else first
            hidden_columns.update(range(first, min(last, MAX_COLUMNS) + 1))
    values = Sheet(worksheet.title, rows)
    uncached = frozenset(position for position in formulas if is_blank(values.value(*position)))
    counting = frozenset(
        position for position, text in formulas.items() if re.search(r"\b(COUNT|SUM)", text.upper())
    )
    return Sheet(
        worksheet.title, rows, uncached, hidden_rows, frozenset(hidden_columns), tuple(merged), counting
    )


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _formula_cells(data: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """By sheet title, the formula of each formula cell at (row, column).

    Read straight from the sheets' XML (one pass over the `<c>` elements, DTDs forbidden): the
    values come from openpyxl, which forgets a formula once it gives the cached value.
    """
    found: dict[str, dict[tuple[int, int], str]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        targets = {
            rel.get("Id"): rel.get("Target", "")
            for rel in fromstring(archive.read("xl/_rels/workbook.xml.rels")).iter(f"{_PACKAGE}Relationship")
        }
        names = set(archive.namelist())
        for sheet in fromstring(archive.read("xl/workbook.xml")).iter(f"{_MAIN}sheet"):
            target = targets.get(sheet.get(_RELATIONS), "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            if part not in names:
                continue
            positions = found.setdefault(sheet.get("name", ""), {})
            with archive.open(part) as stream:
                for _event, element in iterparse(stream, events=("end",), forbid_dtd=True):
                    if element.tag == f"{_MAIN}c":
                        formula = element.find(f"{_MAIN}f")
                        if formula is not None:
                            column, row = coordinate_from_string(element.get("r", "A1"))
                            positions[(row, column_index_from_string(column))] = formula.text or ""
                        element.clear()
                    elif element.tag == f"{_MAIN}row":
                        element.clear()
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return value


def _back(value: Any) -> Any:
    if isinstance(value, dict):
        return datetime.fromisoformat(value["t"]) if "t" in value else date.fromisoformat(value["d"])
    return value


def dump_sheets(sheets: list[Sheet]) -> bytes:
    """The parsed sheets as JSON, kept beside an upload so that it is parsed only once."""
    return json.dumps(
        [
            {
                "name": sheet.name,
                "rows": [[_plain(value) for value in row] for row in sheet.rows],
                "uncached": sorted(sheet.uncached),
                "hidden_rows": sorted(sheet.hidden_rows),
                "hidden_columns": sorted(sheet.hidden_columns),
                "merged": list(sheet.merged),
                "counting": sorted(sheet.counting),
            }
            for sheet in sheets
        ],
        ensure_ascii=False,
    ).encode()


def load_sheets(data: bytes) -> list[Sheet]:
    """The sheets `dump_sheets` kept."""
    return [
        Sheet(
            item["name"],
            [tuple(_back(value) for value in row) for row in item["rows"]],
            frozenset(tuple(position) for position in item["uncached"]),
            frozenset(item["hidden_rows"]),
            frozenset(item["hidden_columns"]),
            tuple(tuple(cells) for cells in item["merged"]),
            frozenset(tuple(position) for position in item["counting"]),
        )
        for item in json.loads(data)
    ]
