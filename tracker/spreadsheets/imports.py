"""Importing a skills matrix: a plan of changes with every problem, then one all-or-nothing commit.

`read_layouts` finds each sheet's header and columns, `plan_workbook` compares the file with the
supplier's data and lists what would be created or changed, what is skipped and why, and how
each symbol of the file is read (writing nothing); `apply_import` carries a plan out with
set-based writes. Reads and writes go through the Session passed in; the caller commits. No Flask.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.engineers.service import create_engineer, update_engineer
from tracker.models import CurrentLevel, Engineer, Process, ProcessCategory
from tracker.models.processes import CRITICALITIES, code_name
from tracker.processes.service import create_process
from tracker.skills import service as skills
from tracker.spreadsheets.layout import (
    ENGINEER_FIELDS,
    REQUIRED_FIELDS,
    BadValue,
    Column,
    KnownCategory,
    KnownProcess,
    Layout,
    Problem,
    date_of,
    find_layout,
    find_transposed_layout,
    row_kind,
    row_text,
    shown,
    text_of,
)
from tracker.spreadsheets.notation import (
    Legend,
    Notation,
    Reading,
    find_legend,
    number_scale_unsure,
    recognised_scale,
    symbol_of,
)
from tracker.spreadsheets.sheets import Sheet
from tracker.tenancy import Scope, get, scoped

MAX_LENGTHS = {"employee_code": 40, "name": 200, "site": 100}
ACTIONS = ("new", "ignore", "map", "field")


@dataclass(frozen=True)
class Choice:
    """What to do with a process column that matched no process (or one left out by default)."""

    action: str = "new"  # new | ignore | map | field
    process_id: int | None = None  # for "map"
    category_id: int | None = None  # for "new"
    criticality: str = "A"  # for "new"
    role: str = ""  # for "field": the engineer field the column holds


@dataclass(frozen=True)
class Options:
    """What the user decided on the preview: column choices (by `Column.key`), the notation,
    whether hidden rows are imported, which sheets, and whether the notation was confirmed."""

    choices: Mapping[str, Choice] = field(default_factory=dict)
    notation: Notation = field(default_factory=Notation)
    include_hidden: bool = False
    sheets: frozenset[str] | None = None  # None: every sheet with a header row
    notation_confirmed: bool = False


@dataclass
class EngineerChange:
    row: int
    employee_code: str
    values: dict[str, Any]  # every field to write
    changes: dict[str, tuple[Any, Any]]  # field: (old, new); old is None for a new engineer
    engineer_id: int | None = None
    sheet: str = ""


@dataclass(frozen=True)
class NewProcess:
    column: str  # the column's key
    code: str
    name: str
    category_id: int | None
    criticality: str
    index: int = 0


@dataclass(frozen=True)
class LevelChange:
    row: int
    column: int
    employee_code: str
    engineer_name: str
    process_code: str
    old: int | None
    new: int
    sheet: str = ""
    key: str = ""
    symbol: str = ""


@dataclass(frozen=True)
class Skipped:
    """A sheet, row or column the import leaves out, and why (`kind`), with its text."""

    sheet: str
    row: int | None
    column: int | None
    kind: str
    text: str


@dataclass
class Plan:
    sheet: str
    layout: Layout
    layouts: list[Layout] = field(default_factory=list)
    targets: dict[str, int | NewProcess] = field(default_factory=dict)  # column key: process id or new
    new_engineers: list[EngineerChange] = field(default_factory=list)
    changed_engineers: list[EngineerChange] = field(default_factory=list)
    new_processes: list[NewProcess] = field(default_factory=list)
    level_changes: list[LevelChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    readings: dict[str, tuple[Reading, int]] = field(default_factory=dict)  # symbol: (reading, cells)
    legend: Legend | None = None
    sheet_names: list[str] = field(default_factory=list)  # every sheet of the file
    scale: str = "standard"  # the scale the levels were read on (chosen, or recognised in the file)
    unchanged: int = 0

    @property
    def has_changes(self) -> bool:
        return bool(self.new_engineers or self.changed_engineers or self.new_processes or self.level_changes)

    @property
    def can_commit(self) -> bool:
        return self.has_changes and not self.problems

    @property
    def unmatched(self) -> list[Column]:
        """The columns to decide on, once per key, in the order of the sheets."""
        seen: dict[str, Column] = {}
        for layout in self.layouts:
            for column in layout.unmatched:
                seen.setdefault(column.key, column)
        return list(seen.values())

    @property
    def imported_sheets(self) -> list[str]:
        return [layout.sheet for layout in self.layouts]

    def problem(
        self, layout: Layout | None, row: int | None, column: int | None, value: Any, code: str, **params: Any
    ) -> None:
        if layout is not None and layout.transposed:
            row, column = column, row
        sheet = layout.sheet if layout is not None else self.sheet
        self.problems.append(Problem(sheet, row, column, shown(value), code, params))


def _known(session: Session, scope: Scope) -> tuple[list[KnownProcess], list[KnownCategory]]:
    processes = session.execute(scoped(scope, Process, Process.id, Process.code, Process.name)).all()
    categories = session.execute(
        select(ProcessCategory.id, ProcessCategory.name_en, ProcessCategory.name_ja, ProcessCategory.code)
    ).all()
    return [KnownProcess(*row) for row in processes], [
        KnownCategory(row[0], tuple(row[1:])) for row in categories
    ]


def read_layout(session: Session, scope: Scope, sheet: Sheet, aliases: Mapping[str, Iterable[str]]) -> Layout:
    """The header row and columns of `sheet`, process columns matched to the supplier's processes."""
    return find_layout(sheet, *_known(session, scope), aliases)


def read_layouts(
    session: Session,
    scope: Scope,
    sheets: Sequence[Sheet],
    aliases: Mapping[str, Iterable[str]],
    header_rows: Mapping[str, int] | None = None,
) -> list[tuple[Sheet, Layout]]:
    """Each sheet with its layout; a sheet with processes as rows is read turned around."""
    processes, categories = _known(session, scope)
    found = []
    for sheet in sheets:
        chosen = (header_rows or {}).get(sheet.name)
        layout = find_layout(sheet, processes, categories, aliases, header_row=chosen)
        if layout.header_row is None and any(p.code == "transposed" for p in layout.problems):
            sheet, layout = sheet.transposed(), find_transposed_layout(sheet, processes, categories, aliases)
        found.append((sheet, layout))
    return found


def plan_import(
    session: Session,
    scope: Scope,
    sheet: Sheet,
    layout: Layout,
    choices: Mapping[str, Choice],
    assessed_on: date,
    *,
    confirmed: bool = False,
) -> Plan:
    """The plan of one sheet in the standard notation (see `plan_workbook`)."""
    options = Options(choices=choices, notation_confirmed=confirmed)
    return plan_workbook(session, scope, [(sheet, layout)], options, assessed_on)


def plan_workbook(
    session: Session,
    scope: Scope,
    sheets: Sequence[tuple[Sheet, Layout]],
    options: Options,
    assessed_on: date,
) -> Plan:
    """Everything the import would create or change, what it skips, and every problem; writes nothing.

    The sheets with a header row are imported together (unless `options.sheets` picks some);
    the others (a cover or summary sheet) are listed as skipped. A column without a choice is
    proposed as a new process, or left out when its layout says so (hidden, not a process).
    """
    headed = [(sheet, layout) for sheet, layout in sheets if layout.header_row is not None]
    first = headed[0][1] if headed else sheets[0][1]
    plan = Plan(first.sheet, first, sheet_names=[layout.sheet for _sheet, layout in sheets])
    if not headed:
        for _sheet, layout in sheets[:1]:
            plan.problems.extend(layout.problems)
        return plan
    chosen = [
        (sheet, layout)
        for sheet, layout in headed
        if options.sheets is None or layout.sheet in options.sheets
    ]
    for sheet, layout in sheets:
        if (sheet, layout) not in chosen:
            kind = "not_chosen" if layout.header_row is not None else "no_header"
            plan.skipped.append(Skipped(layout.sheet, None, None, kind, _first_text(sheet)))
    plan.layouts = [layout for _sheet, layout in chosen]
    if not chosen:
        plan.problem(None, None, None, "", "no_sheet")
        return plan
    plan.layout, plan.sheet = chosen[0][1], chosen[0][1].sheet
    for _sheet, layout in chosen:
        _apply_roles(layout, options.choices)
        plan.problems.extend(layout.problems)
        if any(name not in layout.fields for name in REQUIRED_FIELDS):
            plan.problem(layout, layout.header_row, None, "", "choose_roles")
    chosen = [(sheet, layout) for sheet, layout in chosen if all(n in layout.fields for n in REQUIRED_FIELDS)]
    plan.layouts = [layout for _sheet, layout in chosen]
    _plan_columns(session, scope, plan, options.choices)
    notation = _notation(plan, [sheet for sheet, _layout in chosen], options)
    existing = _Existing(session, scope)
    cells: list[_Cell] = []
    seen: dict[str, tuple[str, int, str]] = {}
    for sheet, layout in chosen:
        _plan_rows(sheet, layout, plan, existing, seen, cells, options.include_hidden)
        read = set(layout.fields.values()) | {c.index for c in layout.columns if c.key in plan.targets}
        skipped_rows = {s.row for s in plan.skipped if s.sheet == sheet.name}
        for row, column in sorted(sheet.uncached):
            if row > (layout.header_row or 0) and row not in skipped_rows and column in read:
                plan.problem(layout, row, column, "", "formula_without_value")
    confirmed = options.notation_confirmed or _densho_export(plan)
    _plan_levels(plan, existing, cells, notation, confirmed, assessed_on)
    plan.problems.sort(key=lambda p: (plan.sheet_names.index(p.sheet) if p.sheet in plan.sheet_names else 0,
                                      p.row or 0, p.column or 0))  # fmt: skip
    return plan


def undecided_columns(sheets: Sequence[tuple[Sheet, Layout]]) -> list[Column]:
    """The columns the user decides on, once per key, over every sheet with a header row."""
    seen: dict[str, Column] = {}
    for _sheet, layout in sheets:
        for column in layout.unmatched if layout.header_row is not None else ():
            seen.setdefault(column.key, column)
    return list(seen.values())


def _apply_roles(layout: Layout, choices: Mapping[str, Choice]) -> None:
    """Columns the user said hold an engineer field become that field's column."""
    for column in list(layout.columns):
        choice = choices.get(column.key)
        if choice is not None and choice.action == "field" and choice.role in ENGINEER_FIELDS:
            layout.fields.setdefault(choice.role, column.index)
            layout.columns.remove(column)


def _first_text(sheet: Sheet) -> str:
    return next((row_text(row) for row in sheet.rows if row_text(row)), "")


def _plan_columns(session: Session, scope: Scope, plan: Plan, choices: Mapping[str, Choice]) -> None:
    existing = session.execute(scoped(scope, Process, Process.id, Process.code)).all()
    own = {process_id for process_id, _code in existing}
    codes = {code.casefold() for _id, code in existing}
    categories = set(session.scalars(select(ProcessCategory.id)))
    taken = {
        c.process_id: c.key for layout in plan.layouts for c in layout.columns if c.matched and not c.ignore
    }
    for layout in plan.layouts:
        header = layout.header_row
        for column in layout.columns:
            if column.key in plan.targets or (
                column.key in choices and choices[column.key].action == "ignore"
            ):
                continue
            default = Choice("ignore") if column.ignore else Choice(category_id=column.category_guess)
            if column.matched and column.key not in choices and not column.ignore:
                plan.targets[column.key] = column.process_id
                continue
            choice = choices.get(column.key, default)
            if choice.action == "ignore":
                plan.skipped.append(Skipped(layout.sheet, None, column.index, column.ignore or "ignored",
                                            column.heading))  # fmt: skip
                continue
            if choice.action == "map":
                if choice.process_id not in own:
                    plan.problem(layout, header, column.index, column.heading, "choose_process")
                elif taken.get(choice.process_id, column.key) != column.key:
                    plan.problem(layout, header, column.index, column.heading, "process_taken")
                else:
                    taken[choice.process_id] = column.key
                    plan.targets[column.key] = choice.process_id
                continue
            new = NewProcess(column.key, column.code, column.name, choice.category_id, choice.criticality,
                             column.index)  # fmt: skip
            if new.code.casefold() in codes:
                plan.problem(
                    layout, header, column.index, column.heading, "code_exists", process_code=new.code
                )
            if choice.category_id not in categories:
                plan.problem(layout, header, column.index, column.heading, "choose_category")
            if choice.criticality not in CRITICALITIES or choice.action not in ACTIONS:
                plan.problem(layout, header, column.index, column.heading, "choose_action")
            plan.new_processes.append(new)
            plan.targets[column.key] = new


def _notation(plan: Plan, sheets: list[Sheet], options: Options) -> Notation:
    """The user's notation, with the file's legend (the first sheet's that has one) beneath it."""
    for sheet in sheets:
        plan.legend = find_legend(sheet.name, sheet.rows)
        if plan.legend is not None:
            break
    if plan.legend is None or options.notation.legend:
        return options.notation
    legend = {entry.symbol: entry for entry in plan.legend.entries}
    return Notation(options.notation.scale, legend, options.notation.chosen)


class _Existing:
    """The supplier's engineers and current levels, loaded once."""

    def __init__(self, session: Session, scope: Scope) -> None:
        engineers = session.scalars(scoped(scope, Engineer)).all()
        self.by_code = {engineer.employee_code: engineer for engineer in engineers}
        self.by_bare_code: dict[str, list[Engineer]] = {}
        for engineer in engineers:
            self.by_bare_code.setdefault(engineer.employee_code.lstrip("0"), []).append(engineer)
        levels = session.scalars(scoped(scope, CurrentLevel)).all()
        self.levels = {(level.engineer_id, level.process_id): level for level in levels}
        processes = session.execute(scoped(scope, Process, Process.id, Process.code)).all()
        self.process_codes = dict(processes)

    def engineer(self, code: str, raw: Any) -> Engineer | None:
        """By exact code; a code Excel turned into a number may match one with leading zeros."""
        found = self.by_code.get(code)
        if found is None and isinstance(raw, int | float):
            candidates = self.by_bare_code.get(code, [])
            found = candidates[0] if len(candidates) == 1 else None
        return found


@dataclass(frozen=True)
class _Cell:
    layout: Layout
    row: int
    column: int
    key: str
    engineer: Engineer | None
    code: str
    name: str
    symbol: str


def _plan_rows(
    sheet: Sheet,
    layout: Layout,
    plan: Plan,
    existing: _Existing,
    seen: dict[str, tuple[str, int, str]],
    cells: list[_Cell],
    include_hidden: bool,
) -> None:
    fields = layout.fields
    code_column = fields["employee_code"]
    for row in range(layout.header_row + 1, len(sheet.rows) + 1):
        kind = row_kind(sheet, layout, row)
        if kind == "hidden" and include_hidden:
            kind = None
        if kind is not None:
            if kind != "blank":
                position = (row, None) if not layout.transposed else (None, row)
                plan.skipped.append(Skipped(layout.sheet, *position, kind, row_text(sheet.rows[row - 1])))
            continue
        if (row, code_column) in sheet.uncached:
            continue  # reported as a formula without a value; the row cannot be identified
        raw_code = sheet.value(row, code_column)
        code = text_of(raw_code)
        if not code:
            plan.problem(layout, row, code_column, row_text(sheet.rows[row - 1]), "missing_code")
            continue
        engineer = existing.engineer(code, raw_code)
        code = engineer.employee_code if engineer else code
        change = _engineer_change(sheet, layout, plan, row, code, engineer)
        name = change.values.get("name") or (engineer.name if engineer else "")
        if code in seen:
            first_sheet, first_row, first_name = seen[code]
            if first_sheet == layout.sheet:
                plan.problem(layout, row, code_column, raw_code, "duplicate_code", first=first_row)
                continue
            if name != first_name:
                plan.problem(layout, row, code_column, raw_code, "code_on_other_sheet", sheet=first_sheet,
                             first=first_row, name=first_name)  # fmt: skip
                continue
        else:
            seen[code] = (layout.sheet, row, name)
            if engineer is None:
                plan.new_engineers.append(change)
            elif change.changes:
                plan.changed_engineers.append(change)
        for column in layout.columns:
            if column.key not in plan.targets or (row, column.index) in sheet.uncached:
                continue
            symbol = symbol_of(sheet.value(row, column.index))
            if symbol is not None:
                cells.append(_Cell(layout, row, column.index, column.key, engineer, code, name, symbol))


def _engineer_change(
    sheet: Sheet, layout: Layout, plan: Plan, row: int, code: str, engineer: Engineer | None
) -> EngineerChange:
    """The engineer's values from the row (an empty optional cell keeps what is recorded)."""
    fields = layout.fields
    current = {
        "employee_code": code,
        "name": engineer.name if engineer else "",
        "site": engineer.site if engineer else "",
        "hired_on": engineer.hired_on if engineer else None,
        "retires_on": engineer.retires_on if engineer else None,
    }
    values = dict(current)
    refused = set()
    for name in ("name", "site", "hired_on", "retires_on"):
        column = fields.get(name)
        if column is None or (row, column) in sheet.uncached:
            continue
        raw = sheet.value(row, column)
        if name in ("hired_on", "retires_on"):
            try:
                parsed = date_of(raw)
            except BadValue:
                plan.problem(layout, row, column, raw, "bad_date")
                refused.add(name)
                continue
            if parsed is not None:
                values[name] = parsed
            continue
        text = text_of(raw)
        if len(text) > MAX_LENGTHS[name]:
            plan.problem(layout, row, column, raw, "too_long", max=MAX_LENGTHS[name])
            refused.add(name)
        elif text:
            values[name] = text
    if len(code) > MAX_LENGTHS["employee_code"]:
        plan.problem(layout, row, fields["employee_code"], code, "too_long", max=MAX_LENGTHS["employee_code"])
    if not values["name"] and "name" not in refused:
        plan.problem(layout, row, fields["name"], "", "missing_name")
    if values["hired_on"] and values["retires_on"] and values["retires_on"] <= values["hired_on"]:
        column = fields.get("retires_on") or fields.get("hired_on")
        plan.problem(layout, row, column, values["retires_on"].isoformat(), "retires_before_hire")
    if engineer is None:
        changes = {name: (None, new) for name, new in values.items() if new not in (None, "")}
    else:
        changes = {name: (current[name], new) for name, new in values.items() if current[name] != new}
    return EngineerChange(row, code, values, changes, engineer.id if engineer else None, layout.sheet)


def _densho_export(plan: Plan) -> bool:
    """Whether the file is Densho's own matrix export: every process column headed "code · name"
    (`exports.process_heading`) of one of the supplier's processes. Its levels are 0 to 4, so the
    scale is not asked, even when nobody is at O yet."""
    columns = [c for layout in plan.layouts for c in layout.columns if not c.ignore]
    return bool(columns) and all(c.matched and c.heading == code_name(c.code, c.name) for c in columns)


def _plan_levels(
    plan: Plan,
    existing: _Existing,
    cells: list[_Cell],
    notation: Notation,
    confirmed: bool,
    assessed_on: date,
) -> None:
    """Each level cell read through the notation; the notation itself asked about when unsure."""
    counts: dict[str, int] = {}
    for cell in cells:
        counts[cell.symbol] = counts.get(cell.symbol, 0) + 1
    if not confirmed:
        notation = recognised_scale(counts, notation)
    plan.scale = notation.scale
    plan.readings = {symbol: (notation.read(symbol), n) for symbol, n in sorted(counts.items())}
    if not confirmed and plan.legend is not None and plan.legend.unresolved:
        legend_layout = next((layout for layout in plan.layouts if layout.sheet == plan.legend.sheet), None)
        unresolved = plan.legend.unresolved[0]
        plan.problem(legend_layout, plan.legend.row, None, f"{unresolved.symbol}={unresolved.meaning}",
                     "legend_unsure")  # fmt: skip
    elif not confirmed and number_scale_unsure(counts, notation):
        plan.problem(None, None, None, " ".join(sorted(counts)), "scale_unsure")
    chosen: dict[tuple[str, str], _Cell] = {}
    for cell in cells:
        reading = plan.readings[cell.symbol][0]
        if reading.level is None:
            params = {"symbol": cell.symbol, "codepoint": reading.codepoint}
            code = "looks_like" if reading.like else "bad_level"
            plan.problem(cell.layout, cell.row, cell.column, cell.symbol, code, like=reading.like, **params)
            continue
        level = reading.level
        pair = (cell.code, cell.key)
        if pair in chosen:
            other = chosen[pair]
            if plan.readings[other.symbol][0].level != level:
                plan.problem(cell.layout, cell.row, cell.column, cell.symbol, "level_conflict",
                             sheet=other.layout.sheet, first=other.row)  # fmt: skip
            continue
        chosen[pair] = cell
        target = plan.targets[cell.key]
        is_new = isinstance(target, NewProcess)
        engineer = cell.engineer
        current = None if engineer is None or is_new else existing.levels.get((engineer.id, target))
        if current is not None and current.level == level:
            plan.unchanged += 1
            continue
        if current is not None and assessed_on < current.assessed_on:
            plan.problem(cell.layout, cell.row, cell.column, cell.symbol, "older_than_current",
                         date=current.assessed_on.isoformat())  # fmt: skip
            continue
        process_code = target.code if is_new else existing.process_codes[target]
        plan.level_changes.append(
            LevelChange(cell.row, cell.column, cell.code, cell.name, process_code,
                        current.level if current else None, level, cell.layout.sheet, cell.key, cell.symbol)
        )  # fmt: skip


@dataclass(frozen=True)
class Summary:
    engineers_created: int
    engineers_changed: int
    processes_created: int
    levels_changed: int


def apply_import(
    session: Session,
    scope: Scope,
    user_id: int | None,
    plan: Plan,
    assessed_on: date,
    *,
    assessor: str = "",
    evidence: str = "",
) -> Summary:
    """Carry out a plan without problems: every write in the caller's one transaction.

    Each level change becomes an Assessment dated `assessed_on`, written set-based with its
    current level and audit event (`skills.record_assessments`). The caller commits, or rolls
    back when anything here raises.
    """
    if not plan.can_commit:
        raise ValueError("only a plan with changes and without problems can be applied")
    engineers = {}
    for change in plan.new_engineers:
        engineers[change.employee_code] = create_engineer(session, scope, user_id, change.values)
    for change in plan.changed_engineers:
        engineer = get(session, scope, Engineer, change.engineer_id)
        update_engineer(session, engineer, user_id, change.values)
    processes: dict[str, Process] = {}
    for new in plan.new_processes:
        values = {"code": new.code, "name": new.name, "category_id": new.category_id}
        values |= {"criticality": new.criticality, "required": None, "site": "", "lapse_months": None}
        processes[new.column] = create_process(session, scope, user_id, values)
    for key, target in plan.targets.items():
        if not isinstance(target, NewProcess):
            processes[key] = get(session, scope, Process, target)
    session.flush()
    by_code = dict(session.execute(scoped(scope, Engineer, Engineer.employee_code, Engineer.id)).all())
    names = {engineer_id: name for engineer_id, name in session.execute(
        scoped(scope, Engineer, Engineer.id, Engineer.name)).all()}  # fmt: skip
    skills.record_assessments(
        session,
        scope.organization_id,
        [
            skills.NewAssessment(
                by_code[change.employee_code], processes[change.key].id, change.new,
                names[by_code[change.employee_code]], processes[change.key].code,
            )
            for change in plan.level_changes
        ],
        assessed_on,
        assessor=assessor,
        evidence=evidence,
        user_id=user_id,
    )  # fmt: skip
    return Summary(
        len(plan.new_engineers), len(plan.changed_engineers), len(plan.new_processes), len(plan.level_changes)
    )
