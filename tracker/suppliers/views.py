"""The start page: a supplier's overview; buyers go to their heatmap."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import login_required

from tracker import db
from tracker.services.overview import build_overview
from tracker.tenancy import access, acting_org

bp = Blueprint("suppliers", __name__)


@bp.get("/")
@login_required
def home():
    if acting_org().is_buyer:
        return redirect(url_for("heatmap.index"))
    return redirect(url_for("suppliers.overview"))


@bp.get("/overview")
@access("supplier")
def overview():
    data = build_overview(
        db.session(), acting_org().id, date.today(), current_app.config["SCORING_HORIZON_YEARS"]
    )
    return render_template("suppliers/overview.html", overview=data)
