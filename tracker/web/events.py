"""Structured security and audit events: one JSON line per event on the `densho.events` logger.

Each record carries the UTC time, the event's name, the acting user and organization (when
logged in), the request id (the proxy's `X-Request-ID` when it is a plain token, else one made
here; sent back on every response), the client address and the event's own fields. JSON encoding
escapes CR, LF and every other control character, so user input cannot forge a line. Callers pass
no secret: no password, token or CSRF value is ever a field.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, g, has_request_context, request
from flask_login import current_user

logger = logging.getLogger("densho.events")
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
MAX_FIELD = 200
"""Longer field values are cut: a log is no place for a 100k-character input."""


def init_app(app: Flask) -> None:
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    app.before_request(_request_id)
    app.after_request(_send_request_id)


def request_id() -> str:
    if "request_id" not in g:
        _request_id()
    return g.request_id


def _request_id() -> None:
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


def _send_request_id(response):
    response.headers["X-Request-ID"] = request_id()
    return response


def event(name: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log one event `name` with `fields` (plain values; strings are cut to MAX_FIELD)."""
    record: dict[str, Any] = {"time": datetime.now(UTC).isoformat(timespec="milliseconds"), "event": name}
    if has_request_context():
        record["request_id"] = request_id()
        record["address"] = request.remote_addr
        record["path"] = request.path[:MAX_FIELD]
        if current_user and current_user.is_authenticated:
            record["user"] = current_user.id
            record["organization"] = current_user.organization_id
    for key, value in fields.items():
        record[key] = value[:MAX_FIELD] if isinstance(value, str) else value
    logger.log(level, json.dumps(record, ensure_ascii=True, default=str))
