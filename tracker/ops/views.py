"""`/healthz`: for the load balancer and monitoring (public: it shows no data)."""

from __future__ import annotations

from flask import Blueprint, jsonify

from tracker import db
from tracker.ops import service

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz():
    """200 when the database answers and its schema is the newest migration, else 503."""
    state = service.health(db.engine())
    healthy = state["database"] == "ok" and state["migrations"] == "current"
    return jsonify(status="ok" if healthy else "unavailable", **state), 200 if healthy else 503
