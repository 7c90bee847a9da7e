"""Exports: a supplier's data as tables, written to .xlsx or .csv with formula-looking text escaped.

Text a spreadsheet would run as a formula gets a leading `'`; numbers and dates stay typed (a
negative number is not text). The matrix table has the layout the import reads, so an export
can be edited in Excel and imported again. Column labels come from the caller (in the user's
language). No Flask.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from tracker.models import (
    AuditEvent,
    Certificate,
    CertificateType,
    CurrentLevel,
    Engineer,
    Process,
    TrainingPlan,
    TrainingSession,
    User,
)
from tracker.models.processes import code_name
from tracker.tenancy import Scope, owns, scoped

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")
MATRIX_FIELDS = ("employee_code", "name", "site", "hired_on", "retires_on")

Label = Callable[[str], str]


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    widths: dict[int, int] = field(default_factory=dict)  # column (from 1): width in characters


def escape(value: Any) -> Any:
    """`value` safe to put in a spreadsheet cell: formula-looking text gets a leading `'`."""
    if not isinstance(value, str):
        return value
    text = _ILLEGAL.sub("", value)
    return "'" + text if text.startswith(FORMULA_START) else text


def process_heading(process: Process) -> str:
    """A matrix column heading the import matches back to the process by its code."""
    return code_name(process.code, process.name)


def matrix_table(session: Session, scope: Scope, label: Label, with_rows: bool = True) -> Table:
    """Engineers who have not left x the supplier's processes, levels as numbers 0 to 4.

    Without rows it is the blank import template: the headings only.
    """
    processes = session.scalars(scoped(scope, Process).order_by(Process.code)).all()
    engineers = session.scalars(
        scoped(scope, Engineer)
        .where(Engineer.status != "left")
        .order_by(Engineer.site, Engineer.name, Engineer.id)
    ).all()
    levels = {
        (cell.engineer_id, cell.process_id): cell.level
        for cell in session.scalars(scoped(scope, CurrentLevel))
    }
    headers = [label(name) for name in MATRIX_FIELDS] + [process_heading(p) for p in processes]
    rows = [
        [e.employee_code, e.name, e.site, e.hired_on, e.retires_on]
        + [levels.get((e.id, p.id)) for p in processes]
        for e in (engineers if with_rows else [])
    ]
    widths = {1: 14, 2: 22, 3: 14, 4: 12, 5: 12} | {i: 8 for i in range(6, len(headers) + 1)}
    return Table(label("matrix"), headers, rows, widths)


def engineers_table(session: Session, scope: Scope, label: Label) -> Table:
    engineers = session.scalars(scoped(scope, Engineer).order_by(Engineer.employee_code)).all()
    names = ("employee_code", "name", "site", "hired_on", "retires_on", "status")
    rows = [[e.employee_code, e.name, e.site, e.hired_on, e.retires_on, e.status] for e in engineers]
    return Table(label("engineers"), [label(name) for name in names], rows)


def processes_table(session: Session, scope: Scope, label: Label, locale: str = "en") -> Table:
    processes = session.scalars(scoped(scope, Process).order_by(Process.code)).all()
    names = ("code", "process_name", "category", "criticality", "required", "site", "lapse_months")
    rows = [
        [p.code, p.name, p.category.name(locale), p.criticality, p.required, p.site, p.lapse_months]
        for p in processes
    ]
    return Table(label("processes"), [label(name) for name in names], rows)


def plans_table(session: Session, scope: Scope, label: Label) -> Table:
    plans = session.scalars(scoped(scope, TrainingPlan).order_by(TrainingPlan.due_on, TrainingPlan.id)).all()
    names = (
        "plan_id", "trainee_code", "trainee", "process", "trainer", "from_level", "target_level",
        "starts_on", "due_on", "status", "notes",
    )  # fmt: skip
    rows = [
        [
            p.id,
            p.trainee.employee_code,
            p.trainee.name,
            p.process.code,
            p.trainer.name,
            p.from_level,
            p.target_level,
            p.starts_on,
            p.due_on,
            p.status,
            p.notes,
        ]  # fmt: skip
        for p in plans
    ]
    return Table(label("plans"), [label(name) for name in names], rows)


def sessions_table(session: Session, scope: Scope, label: Label) -> Table:
    trainee = aliased(Engineer)
    found = session.execute(
        select(TrainingSession, TrainingPlan, trainee, Process)
        .join(TrainingPlan, TrainingPlan.id == TrainingSession.plan_id)
        .join(trainee, trainee.id == TrainingPlan.trainee_id)
        .join(Process, Process.id == TrainingPlan.process_id)
        .where(owns(scope, TrainingSession))
        .order_by(TrainingSession.held_on, TrainingSession.id)
    ).all()
    names = ("plan_id", "trainee_code", "trainee", "process", "held_on", "hours", "content")
    names += ("level_assessed", "assessor")
    rows = [
        [
            plan.id,
            e.employee_code,
            e.name,
            p.code,
            s.held_on,
            s.hours,
            s.content,
            s.level_assessed,
            s.assessor,
        ]
        for s, plan, e, p in found
    ]
    return Table(label("sessions"), [label(name) for name in names], rows)


def certificates_table(session: Session, scope: Scope, label: Label) -> Table:
    """Every engineer's certificates (the register an audit asks for), by employee code and type."""
    found = session.execute(
        scoped(scope, Certificate, Certificate, Engineer)
        .join(Engineer, Engineer.id == Certificate.engineer_id)
        .join(CertificateType, CertificateType.id == Certificate.certificate_type_id)
        .order_by(Engineer.employee_code, CertificateType.name, CertificateType.grade, Certificate.issued_on)
    ).all()
    names = ("employee_code", "name", "certificate_name", "grade", "issuer", "required_on")
    names += ("number", "issued_on", "expires_on", "document")
    rows = [
        [
            e.employee_code,
            e.name,
            c.certificate_type.name,
            c.certificate_type.grade,
            c.certificate_type.issuer,
            ", ".join(p.code for p in c.certificate_type.processes) if c.certificate_type.required else "",
            c.number,
            c.issued_on,
            c.expires_on,
            c.document_name or "",
        ]
        for c, e in found
    ]
    return Table(label("certificates"), [label(name) for name in names], rows)


def audit_table(session: Session, scope: Scope, label: Label) -> Table:
    found = session.execute(
        scoped(scope, AuditEvent, AuditEvent, User)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    ).all()
    names = ("at", "user", "action", "entity", "entity_id", "changes")
    rows = [
        [
            event.at.replace(microsecond=0),
            user.name if user else "",
            event.action,
            event.entity,
            event.entity_id,
            json.dumps(event.changes, ensure_ascii=False, sort_keys=True),
        ]
        for event, user in found
    ]
    return Table(label("audit"), [label(name) for name in names], rows)


def instructions_table(title: str, lines: Sequence[str]) -> Table:
    """A one-column sheet of instructions."""
    return Table(title, [lines[0]] if lines else [""], [[line] for line in lines[1:]], {1: 100})


def to_xlsx(tables: Sequence[Table]) -> bytes:
    """A workbook with one sheet per table: bold frozen header, typed cells, escaped text."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, workbook.sheetnames))
        sheet.append([escape(header) for header in table.headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            sheet.append([escape(value) for value in row])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm:ss"
                elif isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
        for column, width in table.widths.items():
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads Japanese), dates in ISO, text escaped."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([escape(header) for header in table.headers])
    for row in table.rows:
        writer.writerow([_csv_value(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return escape(value)


def _sheet_title(title: str, taken: list[str]) -> str:
    base = _SHEET_TITLE.sub(" ", _ILLEGAL.sub("", title)).strip().strip("'")[:31] or "Sheet"
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base[:28]} {n}"
        n += 1
    return candidate
