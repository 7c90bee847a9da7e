"""Routes of certificates: certificate types, an engineer's certificates and their documents."""

from __future__ import annotations

import itertools
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import object_session

from tests.routes import Route
from tests.routes.world import DOCUMENT
from tracker.models import Certificate

_fresh = itertools.count(1)


def _type(side):
    return lambda w: {"type_id": getattr(w, side).certificate_type.id}


def _certificate(side):
    return lambda w: {"certificate_id": getattr(w, side).certificate.id}


def _with_document(w) -> dict:
    """Supplier A's certificate, its document on disk in the app's folder (needs an app context)."""
    folder = Path(current_app.config["CERTIFICATE_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / w.a.certificate.document_key).write_bytes(DOCUMENT)
    return {"certificate_id": w.a.certificate.id}


def _spare(w) -> dict:
    """The next of supplier A's spare certificates not deleted yet: each allowed user deletes one."""
    left = (
        select(Certificate.id).where(Certificate.id.in_(w.a.spare_certificate_ids)).order_by(Certificate.id)
    )
    return {"certificate_id": object_session(w.a.org).scalar(left)}


def _type_data(w) -> dict:
    return {
        "name": f"Licence {next(_fresh)}",
        "grade": "1級",
        "process_ids": [w.a.process.id],
        "required": "y",
    }


def _certificate_data(w) -> dict:
    return {"certificate_type_id": w.a.certificate_type.id, "number": "A-1", "issued_on": "2026-01-02"}


ROUTES = [
    Route("certificate_types.index"),
    Route("certificate_types.create_type", role="editor"),
    Route("certificate_types.create_type", "POST", role="editor", data=_type_data),
    Route("certificate_types.edit_type", role="editor", args=_type("a"), foreign=_type("b")),
    Route(
        "certificate_types.edit_type",
        "POST",
        role="editor",
        args=_type("a"),
        foreign=_type("b"),
        data=lambda w: {"name": "Renamed licence", "process_ids": [w.a.process.id]},
    ),
    # Certificates of the type are recorded, so the deletion is refused (and says so): a redirect.
    Route("certificate_types.delete_type", "POST", role="editor", args=_type("a"), foreign=_type("b")),
    Route(
        "certificates.create",
        role="editor",
        args=lambda w: {"engineer_id": w.a.engineer.id},
        foreign=lambda w: {"engineer_id": w.b.engineer.id},
    ),
    Route(
        "certificates.create",
        "POST",
        role="editor",
        args=lambda w: {"engineer_id": w.a.engineer.id},
        foreign=lambda w: {"engineer_id": w.b.engineer.id},
        data=_certificate_data,
    ),
    Route("certificates.edit", role="editor", args=_certificate("a"), foreign=_certificate("b")),
    Route(
        "certificates.edit",
        "POST",
        role="editor",
        args=_certificate("a"),
        foreign=_certificate("b"),
        data=_certificate_data,
    ),
    Route("certificates.delete", "POST", role="editor", args=_spare, foreign=_certificate("b")),
    # Any logged-in user passes the door; only supplier A's own users find the record (others: 404).
    Route("certificates.document", kind=None, args=_with_document, foreign=_certificate("b")),
]
