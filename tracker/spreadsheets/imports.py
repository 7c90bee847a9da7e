"""Importing a skills matrix: a plan of changes with every problem, then one all-or-nothing commit.

`read_layout` finds the columns, `plan_import` compares the file with the supplier's data and
lists what would be created or changed (writing nothing), `apply_import` carries a plan out.
Reads and writes go through the Session passed in; the caller commits. No Flask.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.engineers.service import create_engineer, update_engineer
from tracker.models import CurrentLevel, Engineer, Process, ProcessCategory
from tracker.models.processes import CRITICALITIES
from tracker.processes.service import create_process
from tracker.skills import service as skills
from tracker.spreadsheets.layout import (
    BadValue,
    KnownCategory,
    KnownProcess,
    Layout,
    Problem,
    date_of,
    find_layout,
    level_of,
    shown,
    text_of,
)
from tracker.spreadsheets.sheets import Sheet, is_blank
from tracker.tenancy import Scope, get, scoped

MAX_LENGTHS = {"employee_code": 40, "name": 200, "site": 100}
MAX_LEVEL_CHANGES = 5_000  # each is an assessment written in the one request; more: split the file
ACTIONS = ("new", "ignore", "map")


@dataclass(frozen=True)
class Choice:
    """What to do with a process column that matched no process."""

    action: str = "new"  # new | ignore | map
    process_id: int | None = None  # for "map"
    category_id: int | None = None  # for "new"
    criticality: str = "A"  # for "new"


@dataclass
class EngineerChange:
    row: int
    employee_code: str
    values: dict[str, Any]  # every field to write
    changes: dict[str, tuple[Any, Any]]  # field: (old, new); old is None for a new engineer
    engineer_id: int | None = None


@dataclass(frozen=True)
class NewProcess:
    column: int
    code: str
    name: str
    category_id: int | None
    criticality: str


@dataclass(frozen=True)
class LevelChange:
    row: int
    column: int
    employee_code: str
    engineer_name: str
    process_code: str
    old: int | None
    new: int


@dataclass
class Plan:
    sheet: str
    layout: Layout
    targets: dict[int, int | NewProcess] = field(default_factory=dict)  # column: process id or new
    new_engineers: list[EngineerChange] = field(default_factory=list)
    changed_engineers: list[EngineerChange] = field(default_factory=list)
    new_processes: list[NewProcess] = field(default_factory=list)
    level_changes: list[LevelChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unchanged: int = 0

    @property
    def has_changes(self) -> bool:
        return bool(self.new_engineers or self.changed_engineers or self.new_processes or self.level_changes)

    @property
    def can_commit(self) -> bool:
        return self.has_changes and not self.problems

    def problem(self, row: int | None, column: int | None, value: Any, code: str, **params: Any) -> None:
        self.problems.append(Problem(self.sheet, row, column, shown(value), code, params))


def read_layout(
    session: Session, scope: Scope, sheet: Sheet, aliases: Mapping[str, Iterable[str]]
) -> Layout:
    """The header row and columns of `sheet`, process columns matched to the supplier's processes."""
    processes = session.execute(
        scoped(scope, Process, Process.id, Process.code, Process.name)
    ).all()
    categories = session.execute(
        select(ProcessCategory.id, ProcessCategory.name_en, ProcessCategory.name_ja, ProcessCategory.code)
    ).all()
    return find_layout(
        sheet,
        [KnownProcess(*row) for row in processes],
        [KnownCategory(row[0], tuple(row[1:])) for row in categories],
        aliases,
    )


def plan_import(
    session: Session,
    scope: Scope,
    sheet: Sheet,
    layout: Layout,
    choices: Mapping[int, Choice],
    assessed_on: date,
) -> Plan:
    """Everything the import of `sheet` would create or change, and every problem; writes nothing.

    `choices` says, by column index, what to do with each column that matched no process
    (a column without a choice is proposed as a new process).
    """
    plan = Plan(sheet.name, layout, problems=list(layout.problems))
    if layout.header_row is None:
        return plan
    _plan_columns(session, scope, plan, choices)
    _plan_rows(session, scope, sheet, plan, assessed_on)
    for row, column in sorted(sheet.uncached):
        plan.problem(row, column, "", "formula_without_value")
    if len(plan.level_changes) > MAX_LEVEL_CHANGES:
        plan.problem(None, None, len(plan.level_changes), "too_many_changes", max=MAX_LEVEL_CHANGES)
    plan.problems.sort(key=lambda p: (p.row or 0, p.column or 0))
    return plan


def _plan_columns(session: Session, scope: Scope, plan: Plan, choices: Mapping[int, Choice]) -> None:
    existing = session.execute(
        scoped(scope, Process, Process.id, Process.code)
    ).all()
    own = {process_id for process_id, _code in existing}
    codes = {code.casefold() for _id, code in existing}
    categories = set(session.scalars(select(ProcessCategory.id)))
    taken = {column.process_id for column in plan.layout.columns if column.matched}
    header = plan.layout.header_row
    for column in plan.layout.columns:
        if column.matched:
            plan.targets[column.index] = column.process_id
            continue
        choice = choices.get(column.index, Choice(category_id=column.category_guess))
        if choice.action == "ignore":
            continue
        if choice.action == "map":
            if choice.process_id not in own:
                plan.problem(header, column.index, column.heading, "choose_process")
            elif choice.process_id in taken:
                plan.problem(header, column.index, column.heading, "process_taken")
            else:
                taken.add(choice.process_id)
                plan.targets[column.index] = choice.process_id
            continue
        new = NewProcess(column.index, column.code, column.name, choice.category_id, choice.criticality)
        if new.code.casefold() in codes:
            plan.problem(header, column.index, column.heading, "code_exists", process_code=new.code)
        if choice.category_id not in categories:
            plan.problem(header, column.index, column.heading, "choose_category")
        if choice.criticality not in CRITICALITIES or choice.action not in ACTIONS:
            plan.problem(header, column.index, column.heading, "choose_action")
        plan.new_processes.append(new)
        plan.targets[column.index] = new


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
        processes = session.execute(
            scoped(scope, Process, Process.id, Process.code)
        ).all()
        self.process_codes = dict(processes)

    def engineer(self, code: str, raw: Any) -> Engineer | None:
        """By exact code; a code Excel turned into a number may match one with leading zeros."""
        found = self.by_code.get(code)
        if found is None and isinstance(raw, int | float):
            candidates = self.by_bare_code.get(code, [])
            found = candidates[0] if len(candidates) == 1 else None
        return found


def _plan_rows(session: Session, scope: Scope, sheet: Sheet, plan: Plan, assessed_on: date) -> None:
    existing = _Existing(session, scope)
    fields = plan.layout.fields
    seen: dict[str, int] = {}
    for row in range(plan.layout.header_row + 1, len(sheet.rows) + 1):
        if all(is_blank(value) for value in sheet.rows[row - 1]):
            continue
        code_column = fields["employee_code"]
        if (row, code_column) in sheet.uncached:
            continue  # reported as a formula without a value; the row cannot be identified
        raw_code = sheet.value(row, code_column)
        code = text_of(raw_code)
        if not code:
            plan.problem(row, code_column, "", "missing_code")
            continue
        engineer = existing.engineer(code, raw_code)
        code = engineer.employee_code if engineer else code
        if code in seen:
            plan.problem(row, code_column, raw_code, "duplicate_code", first=seen[code])
            continue
        seen[code] = row
        change = _engineer_change(sheet, plan, row, code, engineer)
        name = change.values.get("name") or (engineer.name if engineer else "")
        for column, target in plan.targets.items():
            _plan_level(sheet, plan, existing, row, column, target, engineer, code, name, assessed_on)
        if engineer is None:
            plan.new_engineers.append(change)
        elif change.changes:
            plan.changed_engineers.append(change)


def _engineer_change(
    sheet: Sheet, plan: Plan, row: int, code: str, engineer: Engineer | None
) -> EngineerChange:
    """The engineer's values from the row (an empty optional cell keeps what is recorded)."""
    fields = plan.layout.fields
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
                plan.problem(row, column, raw, "bad_date")
                refused.add(name)
                continue
            if parsed is not None:
                values[name] = parsed
            continue
        text = text_of(raw)
        if len(text) > MAX_LENGTHS[name]:
            plan.problem(row, column, raw, "too_long", max=MAX_LENGTHS[name])
            refused.add(name)
        elif text:
            values[name] = text
    if len(code) > MAX_LENGTHS["employee_code"]:
        plan.problem(row, fields["employee_code"], code, "too_long", max=MAX_LENGTHS["employee_code"])
    if not values["name"] and "name" not in refused:
        plan.problem(row, fields["name"], "", "missing_name")
    if values["hired_on"] and values["retires_on"] and values["retires_on"] <= values["hired_on"]:
        column = fields.get("retires_on") or fields.get("hired_on")
        plan.problem(row, column, values["retires_on"].isoformat(), "retires_before_hire")
    if engineer is None:
        changes = {name: (None, new) for name, new in values.items() if new not in (None, "")}
    else:
        changes = {name: (current[name], new) for name, new in values.items() if current[name] != new}
    return EngineerChange(row, code, values, changes, engineer.id if engineer else None)


def _plan_level(
    sheet: Sheet,
    plan: Plan,
    existing: _Existing,
    row: int,
    column: int,
    target: int | NewProcess,
    engineer: Engineer | None,
    code: str,
    name: str,
    assessed_on: date,
) -> None:
    if (row, column) in sheet.uncached:
        return
    raw = sheet.value(row, column)
    try:
        level = level_of(raw)
    except BadValue:
        plan.problem(row, column, raw, "bad_level")
        return
    if level is None:
        return
    is_new = isinstance(target, NewProcess)
    current = None if engineer is None or is_new else existing.levels.get((engineer.id, target))
    if current is not None and current.level == level:
        plan.unchanged += 1
        return
    if current is not None and assessed_on < current.assessed_on:
        plan.problem(row, column, raw, "older_than_current", date=current.assessed_on.isoformat())
        return
    process_code = target.code if is_new else existing.process_codes[target]
    plan.level_changes.append(
        LevelChange(row, column, code, name, process_code, current.level if current else None, level)
    )


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

    Each level change becomes an Assessment dated `assessed_on`. The caller commits, or rolls
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
    processes: dict[int, Process] = {}
    for new in plan.new_processes:
        values = {"code": new.code, "name": new.name, "category_id": new.category_id}
        values |= {"criticality": new.criticality, "required": None, "site": "", "lapse_months": None}
        processes[new.column] = create_process(session, scope, user_id, values)
    for column, target in plan.targets.items():
        if not isinstance(target, NewProcess):
            processes[column] = get(session, scope, Process, target)
    by_code = {
        engineer.employee_code: engineer
        for engineer in session.scalars(scoped(scope, Engineer))
    } | engineers
    for change in plan.level_changes:
        skills.record_assessment(
            session,
            by_code[change.employee_code],
            processes[change.column],
            change.new,
            assessed_on,
            assessor=assessor,
            evidence=evidence,
            user_id=user_id,
        )
    return Summary(
        len(plan.new_engineers), len(plan.changed_engineers), len(plan.new_processes), len(plan.level_changes)
    )



