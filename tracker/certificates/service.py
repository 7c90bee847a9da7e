"""Certificates: a supplier's certificate types and its engineers' certificates, with documents.

Every function takes the acting organization's `Scope` (or a record read within it); writes add
their audit event and leave the commit to the caller. A document is checked (size, type by its
content) before anything is written; the file of a replaced or deleted document is returned to
the caller, to be removed once the change has committed (`documents.remove`).

How a required certificate changes the scores is the scoring's rule (`scoring.certify`, and its
SQL twin `scoring_sql.certified`); `requirements` shows it on the engineer's page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from tracker import scoring
from tracker.audit import service as audit
from tracker.certificates import documents
from tracker.models import Certificate, CertificateType, CurrentLevel, Engineer, Process
from tracker.refusals import Refused
from tracker.tenancy import NotFound, Scope, get, owner_scope, scoped


@dataclass(frozen=True)
class Storage:
    """Where documents are kept, and the largest one accepted (bytes)."""

    folder: Path
    max_bytes: int


@dataclass(frozen=True)
class Document:
    """An uploaded document: the name the user gave it, and its bytes."""

    filename: str
    data: bytes


# --- certificate types ---------------------------------------------------------------------------


def type_listing(scope: Scope) -> Select:
    """The supplier's certificate types, by name and grade."""
    return scoped(scope, CertificateType).order_by(
        CertificateType.name, CertificateType.grade, CertificateType.id
    )


def all_types(session: Session, scope: Scope) -> list[CertificateType]:
    return list(session.scalars(type_listing(scope)))


def held_counts(session: Session, scope: Scope, today: date) -> dict[int, tuple[int, int]]:
    """Per certificate type: (certificates recorded, of which valid on `today`), engineers who
    have left not counted."""
    valid = func.count().filter(
        Certificate.issued_on <= today, (Certificate.expires_on.is_(None)) | (Certificate.expires_on > today)
    )
    rows = session.execute(
        scoped(scope, Certificate, Certificate.certificate_type_id, func.count(), valid)
        .join(Engineer, Engineer.id == Certificate.engineer_id)
        .where(Engineer.status != "left")
        .group_by(Certificate.certificate_type_id)
    )
    return {type_id: (total, ok) for type_id, total, ok in rows}


def _own_processes(session: Session, scope: Scope, process_ids: Iterable[int]) -> list[Process]:
    wanted = set(process_ids)
    found = list(session.scalars(scoped(scope, Process).where(Process.id.in_(wanted)))) if wanted else []
    if len(found) != len(wanted):
        raise Refused("not_own_process", "process_ids")
    return sorted(found, key=lambda process: process.code)


def _check_type(session: Session, scope: Scope, values: dict[str, Any], type_id: int | None) -> None:
    clash = session.scalar(
        scoped(scope, CertificateType, CertificateType.id).where(
            CertificateType.name == values["name"],
            CertificateType.grade == values["grade"],
            CertificateType.id != (type_id or 0),
        )
    )
    if clash is not None:
        raise Refused("duplicate_certificate_type", "name")
    if values.get("required") and not values.get("processes"):
        raise Refused("required_without_process", "process_ids")


def create_type(
    session: Session, scope: Scope, user_id: int | None, values: dict[str, Any], process_ids: Iterable[int]
) -> CertificateType:
    """Add a certificate type qualifying for the supplier's processes `process_ids`; refused when
    another has its name and grade, a process is not the supplier's, or a required type names
    no process. The caller commits."""
    processes = _own_processes(session, scope, process_ids)
    _check_type(session, scope, values | {"processes": processes}, None)
    kind = CertificateType(supplier_id=scope.organization_id, **values, processes=processes)
    session.add(kind)
    session.flush()
    details = values | {"processes": ", ".join(p.code for p in processes)}
    audit.record(session, scope.organization_id, user_id, "create", "certificate_type", kind.id, details)
    return kind


def update_type(
    session: Session,
    kind: CertificateType,
    user_id: int | None,
    values: dict[str, Any],
    process_ids: Iterable[int],
) -> None:
    """Change a certificate type and the processes it qualifies for (refused as `create_type`).
    The caller commits."""
    scope = owner_scope(kind)
    processes = _own_processes(session, scope, process_ids)
    _check_type(session, scope, values | {"processes": processes}, kind.id)
    before = ", ".join(p.code for p in kind.processes)
    changes = audit.diff(kind, values)
    after = ", ".join(p.code for p in processes)
    if after != before:
        kind.processes = processes
        changes["processes"] = [before, after]
    if changes:
        audit.record(session, kind.supplier_id, user_id, "update", "certificate_type", kind.id, changes)


def recorded(session: Session, kind: CertificateType) -> int:
    """How many certificates of the type are recorded (of every engineer, the departed too)."""
    return session.scalar(
        select(func.count()).select_from(Certificate).where(Certificate.certificate_type_id == kind.id)
    )


def delete_type(session: Session, kind: CertificateType, user_id: int | None) -> None:
    """Delete a certificate type no certificate is recorded of; refused otherwise. The caller commits."""
    used = recorded(session, kind)
    if used:
        raise Refused("certificate_type_in_use", count=used)
    audit.record(
        session, kind.supplier_id, user_id, "delete", "certificate_type", kind.id, {"name": kind.label}
    )
    session.delete(kind)


# --- engineers' certificates ------------------------------------------------------------------


def engineer_certificates(session: Session, scope: Scope, engineer: Engineer) -> list[Certificate]:
    """The engineer's certificates, by type, the latest issued first."""
    return list(
        session.scalars(
            scoped(scope, Certificate)
            .join(CertificateType, CertificateType.id == Certificate.certificate_type_id)
            .where(Certificate.engineer_id == engineer.id)
            .order_by(
                CertificateType.name, CertificateType.grade, Certificate.issued_on.desc(), Certificate.id
            )
        )
    )


def default_expiry(issued_on: date, validity_months: int | None) -> date | None:
    """When a certificate issued on `issued_on` expires by default: `validity_months` calendar
    months later (the last day of a shorter month), never without a validity."""
    return scoring.subtract_months(issued_on, -validity_months) if validity_months else None


def _prepared(
    session: Session, scope: Scope, values: dict[str, Any], today: date
) -> tuple[dict[str, Any], CertificateType]:
    try:
        kind = get(session, scope, CertificateType, values["certificate_type_id"])
    except NotFound:
        raise Refused("not_own_certificate_type", "certificate_type_id") from None
    if values["issued_on"] > today:
        raise Refused("issued_in_future", "issued_on", today=today)
    expires_on = values.get("expires_on") or default_expiry(values["issued_on"], kind.validity_months)
    if expires_on is not None and expires_on <= values["issued_on"]:
        raise Refused("expires_before_issue", "expires_on", issued=values["issued_on"])
    return values | {"expires_on": expires_on}, kind


def _checked(document: Document | None, storage: Storage) -> str | None:
    """The media type of an acceptable document (None without one); refused when it is too large
    or its content is no PDF, JPEG or PNG, whatever its name says."""
    if document is None:
        return None
    if len(document.data) > storage.max_bytes:
        raise Refused("document_too_large", "document", limit=max(1, storage.max_bytes // (1024 * 1024)))
    media_type = documents.sniff(document.data)
    if media_type is None:
        raise Refused("document_type", "document")
    return media_type


def _attach(certificate: Certificate, document: Document, media_type: str, storage: Storage) -> str | None:
    """Store the document and point the certificate at it; returns the key it replaced."""
    replaced = certificate.document_key
    certificate.document_key = documents.store(storage.folder, document.data)
    certificate.document_name = documents.display_name(document.filename, media_type)
    certificate.document_type = media_type
    certificate.document_size = len(document.data)
    return replaced


def _details(engineer: Engineer, kind: CertificateType, values: dict[str, Any]) -> dict[str, Any]:
    return {"engineer": engineer.name, "certificate_type": kind.label} | {
        name: values[name] for name in ("number", "issued_on", "expires_on")
    }


def create_certificate(
    session: Session,
    scope: Scope,
    user_id: int | None,
    engineer: Engineer,
    values: dict[str, Any],
    document: Document | None,
    storage: Storage,
    *,
    today: date,
) -> Certificate:
    """Record an engineer's certificate (expiring by default after its type's validity), with an
    optional document; refused for another supplier's type, an issue date after `today`, an
    expiry not after the issue, or a document too large or not a PDF, JPEG or PNG. The caller
    commits."""
    values, kind = _prepared(session, scope, values, today)
    media_type = _checked(document, storage)
    certificate = Certificate(supplier_id=scope.organization_id, engineer_id=engineer.id, **values)
    if document is not None:
        _attach(certificate, document, media_type, storage)
    session.add(certificate)
    session.flush()
    details = _details(engineer, kind, values) | ({"document": certificate.document_name} if document else {})
    audit.record(session, scope.organization_id, user_id, "create", "certificate", certificate.id, details)
    return certificate


def update_certificate(
    session: Session,
    certificate: Certificate,
    user_id: int | None,
    values: dict[str, Any],
    document: Document | None,
    storage: Storage,
    *,
    today: date,
    remove_document: bool = False,
) -> str | None:
    """Change a certificate, replace its document with `document` or, with `remove_document`,
    drop it (refused as `create_certificate`). Returns the key of the document no longer
    referenced, to remove once committed. The caller commits."""
    values, kind = _prepared(session, owner_scope(certificate), values, today)
    media_type = _checked(document, storage)
    before = certificate.certificate_type.label
    changes = audit.diff(certificate, values)
    if changes.pop("certificate_type_id", None):
        changes["certificate_type"] = [before, kind.label]
    dropped = None
    if document is not None:
        dropped = _attach(certificate, document, media_type, storage)
        changes["document"] = certificate.document_name
    elif remove_document and certificate.document_key:
        dropped = certificate.document_key
        changes["document"] = [certificate.document_name, None]
        certificate.document_key = certificate.document_name = certificate.document_type = None
        certificate.document_size = None
    if changes:
        audit.record(
            session, certificate.supplier_id, user_id, "update", "certificate", certificate.id, changes
        )
    return dropped


def delete_certificate(session: Session, certificate: Certificate, user_id: int | None) -> str | None:
    """Delete a certificate; returns its document's key, to remove once committed. The caller commits."""
    details = {
        "engineer": session.get(Engineer, certificate.engineer_id).name,
        "certificate_type": certificate.certificate_type.label,
        "number": certificate.number,
    }
    audit.record(session, certificate.supplier_id, user_id, "delete", "certificate", certificate.id, details)
    key = certificate.document_key
    session.delete(certificate)
    return key


def expiring(
    session: Session, scope: Scope, today: date, within_days: int
) -> list[tuple[Certificate, Engineer]]:
    """Certificates expired or expiring within `within_days` of `today`, of engineers who have
    not left, that no later certificate of the same type renews; the soonest first."""
    renewed = (
        select(Certificate.id)
        .where(
            Certificate.engineer_id == Engineer.id,
            Certificate.certificate_type_id == CertificateType.id,
            (Certificate.expires_on.is_(None))
            | (Certificate.expires_on > today + timedelta(days=within_days)),
            Certificate.issued_on <= today,
        )
        .correlate(Engineer, CertificateType)
        .exists()
    )
    rows = session.execute(
        scoped(scope, Certificate, Certificate, Engineer)
        .join(Engineer, Engineer.id == Certificate.engineer_id)
        .join(CertificateType, CertificateType.id == Certificate.certificate_type_id)
        .where(
            Certificate.expires_on.is_not(None),
            Certificate.expires_on <= today + timedelta(days=within_days),
            Engineer.status != "left",
            ~renewed,
        )
        .order_by(Certificate.expires_on, Engineer.name, Certificate.id)
    )
    return [(certificate, engineer) for certificate, engineer in rows]


# --- what the certificates do to the engineer's levels ------------------------------------------


@dataclass(frozen=True)
class Requirement:
    """A certificate type required on a process the engineer holds a level on, and until when
    the engineer holds it (`scoring.certified_until` for this one type)."""

    process: Process
    level: int
    kind: CertificateType
    until: date | None  # None: held without expiry; scoring.NOT_CERTIFIED: not held

    @property
    def missing(self) -> bool:
        return self.until == scoring.NOT_CERTIFIED

    def stops(self, today: date) -> bool:
        """True when the level would count but for this certificate (missing or expired)."""
        return self.level in scoring.COUNTING_LEVELS and self.until is not None and self.until <= today


def requirements(session: Session, scope: Scope, engineer: Engineer, today: date) -> list[Requirement]:
    """Every required certificate type on the processes the engineer holds a level on, with
    until when they hold it; by process code and type."""
    rows = session.execute(
        scoped(scope, CurrentLevel, CurrentLevel.level, Process, CertificateType)
        .join(Process, Process.id == CurrentLevel.process_id)
        .join(CertificateType, CertificateType.processes.any(Process.id == CurrentLevel.process_id))
        .where(CurrentLevel.engineer_id == engineer.id, CertificateType.required.is_(True))
        .order_by(Process.code, CertificateType.name, CertificateType.grade)
    ).all()
    held: dict[int, list[scoring.HeldCertificate]] = defaultdict(list)
    for certificate in engineer_certificates(session, scope, engineer):
        held[certificate.certificate_type_id].append(
            scoring.HeldCertificate(
                certificate.certificate_type_id, certificate.issued_on, certificate.expires_on
            )
        )
    return [
        Requirement(process, level, kind, scoring.certified_until([kind.id], held[kind.id], today))
        for level, process, kind in rows
    ]
