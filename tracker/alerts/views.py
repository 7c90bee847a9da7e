"""The supplier's alerts page: what needs attention now, each item linking to where it is fixed."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from tracker import clock, db
from tracker.alerts.service import EXPIRY_WARNING_DAYS, build_alerts
from tracker.labels import PLAN_STATUS_LABELS
from tracker.web.access import access, current_scope

bp = Blueprint("alerts", __name__, url_prefix="/alerts")


@bp.get("/")
@access("supplier")
def index():
    alerts = build_alerts(
        db.session(),
        current_scope(),
        clock.today(),
        horizon=current_app.config["SCORING_HORIZON_YEARS"],
        trainer_limit=current_app.config["TRAINER_LOAD_LIMIT"],
    )
    return render_template(
        "alerts/index.html",
        alerts=alerts,
        warning_days=EXPIRY_WARNING_DAYS,
        horizon=current_app.config["SCORING_HORIZON_YEARS"],
        statuses=PLAN_STATUS_LABELS,
    )
