"""Routes of import and export: upload, preview, confirm, discard, exports, the template."""

from __future__ import annotations

import io
import itertools
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app

from tests import builders as b
from tests.routes import Route
from tracker.spreadsheets import uploads

_fresh = itertools.count(1)


def _matrix(side) -> bytes:
    """`side`'s engineer at U on its process, and a newcomer (a new code each time): so every
    confirmation has something to import."""
    newcomer = next(_fresh)
    return b.gen_csv(
        [
            ["Employee code", "Name", side.process.code],
            [side.engineer.employee_code, side.engineer.name, 3],
            [f"NEW-{newcomer}", f"Newcomer {newcomer}", 2],
        ]
    )


def _stored(w) -> dict:
    """A fresh upload to supplier A, stored as the upload step would (needs an app context); by the
    acting user when there is one, since an upload is only its uploader's to preview or confirm."""
    stored = uploads.store(
        Path(current_app.config["IMPORT_FOLDER"]),
        w.a.org.id,
        (w.actor or w.a.editor).id,
        "matrix.csv",
        "csv",
        _matrix(w.a),
        datetime.now(UTC).replace(tzinfo=None),
    )
    return {"token": stored.token}


def _unknown(_w) -> dict:
    """A token naming no upload of the acting supplier. Uploads live in a folder of the app, and
    `foreign` runs without an app context, so an upload of another supplier cannot be made here:
    tests/test_import.py checks those answer 404 too."""
    return {"token": "A" * 32}


ROUTES = [
    Route("spreadsheets.index"),
    Route(
        "spreadsheets.upload",
        "POST",
        role="editor",
        data=lambda w: {"file": (io.BytesIO(_matrix(w.a)), "matrix.csv")},
    ),
    Route("spreadsheets.preview", role="editor", args=_stored, foreign=_unknown),
    Route(
        "spreadsheets.confirm",
        "POST",
        role="editor",
        args=_stored,
        foreign=_unknown,
        data=lambda w: {"action": "confirm", "assessed_on": "2026-01-02", "notation_shown": "1"},
    ),
    Route(
        "spreadsheets.discard",
        "POST",
        role="editor",
        args=_stored,
        foreign=_unknown,
    ),
    Route("spreadsheets.export", args=lambda w: {"what": "matrix", "extension": "xlsx"}),
    Route("spreadsheets.export", args=lambda w: {"what": "sessions", "extension": "csv"}),
    Route("spreadsheets.export", args=lambda w: {"what": "certificates", "extension": "xlsx"}),
    Route("spreadsheets.export_audit", role="admin", args=lambda w: {"extension": "csv"}),
    Route("spreadsheets.template"),
]
