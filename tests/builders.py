"""Builders that make readable test data: gen_supplier(session), gen_engineer(session, supplier) …"""

from __future__ import annotations

import itertools
from datetime import date, datetime

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from tracker import db
from tracker.auth.login import hash_password
from tracker.heatmap import stored, versions
from tracker.models import (
    Certificate,
    CertificateType,
    Engineer,
    EngineerStatusPeriod,
    Organization,
    Partnership,
    Process,
    ProcessCategory,
    TrainingPlan,
    User,
)
from tracker.models.processes import default_required
from tracker.skills.service import record_assessment

PASSWORD = "correct horse battery"
# Tests hash fast (the test app's PASSWORD_HASH_METHOD too); test_auth keeps one production hash.
FAST_HASH = "pbkdf2:sha256:1000"
# The tests' today: the test app pins it (config TODAY), and services called directly are given it.
TODAY = date(2026, 11, 23)
_HASH = hash_password(PASSWORD, FAST_HASH)
_counter = itertools.count(1)


def watched_session(engine: Engine) -> Session:
    """A session on `engine` outside any app, with the app's write hooks (data version, stored scores)."""
    sessions = db.session_factory(engine)
    versions.watch(sessions)
    stored.watch(sessions)
    return sessions()


def _n() -> int:
    return next(_counter)


def gen_org(session: Session, kind: str = "supplier", name: str | None = None, **values) -> Organization:
    n = _n()
    org = Organization(
        kind=kind,
        name=name or f"{kind.title()} {n}",
        code=values.pop("code", f"{kind[:3].upper()}{n}"),
        set_up_at=values.pop("set_up_at", datetime(2026, 1, 1)),
        **values,
    )
    session.add(org)
    session.flush()
    return org


def gen_supplier(session: Session, **values) -> Organization:
    return gen_org(session, "supplier", **values)


def gen_buyer(session: Session, **values) -> Organization:
    return gen_org(session, "buyer", **values)


def gen_user(session: Session, org: Organization, role: str = "editor", **values) -> User:
    n = _n()
    user = User(
        organization_id=org.id,
        email=values.pop("email", f"user{n}@example.test"),
        name=values.pop("name", f"User {n}"),
        role=role,
        password_hash=values.pop("password_hash", _HASH),
        **values,
    )
    session.add(user)
    session.flush()
    return user


def gen_category(session: Session, code: str | None = None, **values) -> ProcessCategory:
    n = _n()
    category = ProcessCategory(
        code=code or f"cat{n}",
        name_en=values.pop("name_en", f"Category {n}"),
        name_ja=values.pop("name_ja", f"カテゴリ{n}"),
        position=values.pop("position", n),
        **values,
    )
    session.add(category)
    session.flush()
    return category


def gen_process(
    session: Session, supplier: Organization, category: ProcessCategory | None = None, **values
) -> Process:
    n = _n()
    criticality = values.pop("criticality", "A")
    process = Process(
        supplier_id=supplier.id,
        category_id=(category or gen_category(session)).id,
        code=values.pop("code", f"P-{n}"),
        name=values.pop("name", f"Process {n}"),
        criticality=criticality,
        required=values.pop("required", default_required(criticality)),
        **values,
    )
    session.add(process)
    session.flush()
    return process


def gen_engineer(session: Session, supplier: Organization, **values) -> Engineer:
    """An engineer; with status 'leave' or 'left', away since `away_since` (default 2020-01-01)."""
    n = _n()
    status = values.pop("status", "active")
    away_since = values.pop("away_since", date(2020, 1, 1))
    engineer = Engineer(
        supplier_id=supplier.id,
        name=values.pop("name", f"Engineer {n}"),
        employee_code=values.pop("employee_code", f"E{n:04d}"),
        site=values.pop("site", "Main"),
        **values,
    )
    session.add(engineer)
    session.flush()
    if status != "active":
        gen_status(session, engineer, status, away_since)
    return engineer


def gen_status(
    session: Session, engineer: Engineer, status: str, starts_on: date, ends_on: date | None = None
) -> EngineerStatusPeriod:
    """A dated status period of the engineer; today's status follows it (as the service keeps it)."""
    period = EngineerStatusPeriod.of(engineer, status, starts_on, ends_on)
    session.add(period)
    if period.covers(TODAY):
        engineer.status = status
    session.flush()
    session.expire(engineer, ["periods"])
    return period


def gen_level(
    session: Session, engineer: Engineer, process: Process, level: int, on: date | None = None, **values
):
    return record_assessment(session, engineer, process, level, on or date(2026, 1, 1), **values)


def gen_certificate_type(
    session: Session, supplier: Organization, processes: list[Process] = (), **values
) -> CertificateType:
    """A certificate type of the supplier qualifying for `processes` (required only if told)."""
    n = _n()
    kind = CertificateType(
        supplier_id=supplier.id,
        name=values.pop("name", f"Licence {n}"),
        processes=list(processes),
        **values,
    )
    session.add(kind)
    session.flush()
    return kind


def gen_certificate(
    session: Session, engineer: Engineer, kind: CertificateType, issued_on: date | None = None, **values
) -> Certificate:
    """The engineer's certificate of type `kind`, issued on `issued_on` (default 2025-01-01)."""
    certificate = Certificate(
        supplier_id=engineer.supplier_id,
        engineer_id=engineer.id,
        certificate_type_id=kind.id,
        issued_on=issued_on or date(2025, 1, 1),
        **values,
    )
    session.add(certificate)
    session.flush()
    return certificate


def gen_partnership(
    session: Session,
    buyer: Organization,
    supplier: Organization,
    status: str = "accepted",
    disclosure: str = "aggregate",
) -> Partnership:
    partnership = Partnership(
        buyer_id=buyer.id, supplier_id=supplier.id, status=status, disclosure=disclosure
    )
    session.add(partnership)
    session.flush()
    return partnership


def gen_plan(
    session: Session, trainee: Engineer, trainer: Engineer, process: Process, **values
) -> TrainingPlan:
    plan = TrainingPlan(
        supplier_id=process.supplier_id,
        trainee_id=trainee.id,
        trainer_id=trainer.id,
        process_id=process.id,
        from_level=values.pop("from_level", 0),
        target_level=values.pop("target_level", 3),
        starts_on=values.pop("starts_on", date(2026, 1, 1)),
        due_on=values.pop("due_on", date(2026, 6, 1)),
        status=values.pop("status", "planned"),
        **values,
    )
    session.add(plan)
    session.flush()
    return plan


def gen_xlsx(rows, title: str = "Matrix", extra_sheets: dict | None = None) -> bytes:
    """A real .xlsx workbook whose first sheet holds `rows` (lists of cell values)."""
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for name, extra in (extra_sheets or {}).items():
        other = workbook.create_sheet(name)
        for row in extra:
            other.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def gen_csv(rows, encoding: str = "utf-8-sig", delimiter: str = ",") -> bytes:
    """A .csv file of `rows`, empty cells for None."""
    import csv
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue().encode(encoding)
