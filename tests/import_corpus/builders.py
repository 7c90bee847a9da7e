"""Workbooks shaped like factories' own skills matrices (星取表), built with openpyxl in the tests.

`Tab` describes one sheet: its rows, and what Excel adds that plain rows cannot say (merged
ranges, hidden rows and columns, number formats, formulas). `workbook(*tabs)` makes the .xlsx.
`import_file` runs the import's planning as the pages do, without HTTP, and `outcome` turns a
plan into plain data to compare with what a person reading the file would expect.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from tracker.spreadsheets.imports import Options, Plan, plan_workbook, read_layouts
from tracker.spreadsheets.sheets import read_workbook
from tracker.tenancy import Scope

ON = date(2026, 3, 2)


@dataclass
class Tab:
    title: str
    rows: list[list[Any]]
    merged: tuple[str, ...] = ()  # "A2:A4"
    hidden_rows: tuple[int, ...] = ()
    hidden_columns: tuple[str, ...] = ()  # "D"
    formats: Mapping[str, str] = field(default_factory=dict)  # "A2": "00000"; "A": a whole column


def workbook(*tabs: Tab) -> bytes:
    """The .xlsx of the tabs, in order."""
    book = Workbook()
    book.remove(book.active)
    for tab in tabs:
        sheet = book.create_sheet(tab.title)
        for row in tab.rows:
            sheet.append(list(row))
        for where, number_format in tab.formats.items():
            if where.isalpha():
                for cell in sheet[where]:
                    cell.number_format = number_format
            else:
                sheet[where].number_format = number_format
        for cell_range in tab.merged:
            sheet.merge_cells(cell_range)
        for number in tab.hidden_rows:
            sheet.row_dimensions[number].hidden = True
        for letter in tab.hidden_columns:
            sheet.column_dimensions[letter].hidden = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def letters(count: int, start: int = 1) -> list[str]:
    return [get_column_letter(index) for index in range(start, start + count)]


def import_file(
    session, supplier, data: bytes, name: str = "matrix.xlsx", options: Options | None = None, **decided
) -> Plan:
    """The plan of the file, as the preview would show it (`decided`: fields of `Options`)."""
    scope = Scope.of(supplier)
    pairs = read_layouts(session, scope, read_workbook(data, name), {})
    return plan_workbook(session, scope, pairs, options or Options(**decided), ON)


def outcome(plan: Plan) -> dict[str, Any]:
    """What the plan would write, as plain data: engineers, levels, new process codes, problems."""
    return {
        "engineers": {
            change.employee_code: {k: v for k, v in change.values.items() if k != "employee_code" and v}
            for change in plan.new_engineers
        },
        "levels": {(change.employee_code, change.process_code): change.new for change in plan.level_changes},
        "new_processes": sorted(process.code for process in plan.new_processes),
        "problems": [
            (problem.sheet, problem.row, problem.column_letter, problem.code) for problem in plan.problems
        ],
    }


def skipped(plan: Plan, kind: str | None = None) -> list[tuple[str, int | None, str]]:
    return [(item.sheet, item.row, item.text) for item in plan.skipped if kind is None or item.kind == kind]


def levels(codes: Iterable[str], process: str, values: Iterable[int]) -> dict[tuple[str, str], int]:
    return {(code, process): value for code, value in zip(codes, values, strict=True)}
