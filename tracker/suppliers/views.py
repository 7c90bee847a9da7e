"""The start page: a supplier's overview; buyers go to their heatmap."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker import clock, db
from tracker.organizations.service import needs_first_run
from tracker.suppliers.service import build_overview
from tracker.training.projection import default_until, project_supplier
from tracker.web.access import access, current_scope
from tracker.web.as_of import as_of_arg

bp = Blueprint("suppliers", __name__)


@bp.get("/")
@login_required
def home():
    """The user's start page; a new organization's admin goes to its first run."""
    if current_user.has_role("admin") and needs_first_run(current_user.organization):
        return redirect(url_for("organization.settings"))
    if current_scope().is_buyer:
        return redirect(url_for("heatmap.index"))
    return redirect(url_for("suppliers.overview"))


@bp.get("/overview")
@access("supplier")
def overview():
    """Today's overview with its projection; as of a past date (`?on=`), the overview then."""
    today = clock.today()
    horizon = current_app.config["SCORING_HORIZON_YEARS"]
    as_of = as_of_arg(today)
    if as_of is not None:
        data = build_overview(db.session(), current_scope(), as_of, horizon, history=True)
        return render_template("suppliers/overview.html", overview=data, projection=None)
    data = build_overview(db.session(), current_scope(), today, horizon)
    until = request.args.get("until", type=date.fromisoformat)
    if "until" in request.args and (until is None or until <= today):
        flash(_("The projection date must be a date after today; showing 12 months ahead."), "error")
    if until is None or until <= today:
        until = default_until(today)
    projection = project_supplier(
        db.session(),
        current_scope(),
        today,
        until,
        horizon=horizon,
        now=data.processes,
        count_overdue=not request.args.get("leave_overdue"),
    )
    return render_template("suppliers/overview.html", overview=data, projection=projection)
