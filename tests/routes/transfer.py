"""Routes of import and export: upload, preview, confirm, discard, exports, the template."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app

from tests import builders as b
from tests.routes import Route
from tracker.spreadsheets import uploads


def _matrix(side) -> bytes:
    return b.gen_csv(
        [["Employee code", "Name", side.process.code], [side.engineer.employee_code, side.engineer.name, 3]]
    )


def _stored(side) -> dict:
    """A fresh upload of `side`'s editor, stored as the upload step would (needs an app context)."""
    stored = uploads.store(
        Path(current_app.config["IMPORT_FOLDER"]),
        side.org.id,
        side.editor.id,
        "matrix.csv",
        "csv",
        _matrix(side),
        datetime.now(UTC).replace(tzinfo=None),
    )
    return {"token": stored.token}


def _unknown(_w) -> dict:
    """A token naming no upload of the acting supplier. Uploads live in a folder of the app, and
    `foreign` runs without an app context, so an upload of another supplier cannot be made here:
    tests/test_import.py checks those answer 404 too."""
    return {"token": "A" * 32}


ROUTES = [
    Route("transfer.index"),
    Route(
        "transfer.upload",
        "POST",
        role="editor",
        data=lambda w: {"file": (io.BytesIO(_matrix(w.a)), "matrix.csv")},
    ),
    Route("transfer.preview", role="editor", args=lambda w: _stored(w.a), foreign=_unknown),
    Route(
        "transfer.confirm",
        "POST",
        role="editor",
        args=lambda w: _stored(w.a),
        foreign=_unknown,
        data=lambda w: {"action": "confirm", "assessed_on": "2026-01-02"},
    ),
    Route(
        "transfer.discard",
        "POST",
        role="editor",
        args=lambda w: _stored(w.a),
        foreign=_unknown,
    ),
    Route("transfer.export", args=lambda w: {"what": "matrix", "extension": "xlsx"}),
    Route("transfer.export", args=lambda w: {"what": "sessions", "extension": "csv"}),
    Route("transfer.export_audit", role="admin", args=lambda w: {"extension": "csv"}),
    Route("transfer.template"),
]
