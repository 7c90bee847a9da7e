"""The skills matrix (星取表) and recording levels."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from tracker import clock, db, effect
from tracker.engineers.service import sites
from tracker.heatmap import charts
from tracker.models import Engineer, Process
from tracker.skills import service
from tracker.skills.cells import cells_html
from tracker.skills.figures import level_figure
from tracker.skills.forms import LevelForm
from tracker.skills.matrix import build_matrix
from tracker.web.access import access, acting_user, current_scope, get_or_404
from tracker.web.effects import flash_effect
from tracker.web.forms import labelled_categories, to_id
from tracker.web.links import safe_next

bp = Blueprint("skills", __name__)


@bp.get("/matrix")
@access("supplier")
def matrix():
    site = request.args.get("site", "")
    category = request.args.get("category", type=to_id)
    data = build_matrix(
        db.session(),
        current_scope(),
        clock.today(),
        site=site,
        category_id=category,
        horizon=current_app.config["SCORING_HORIZON_YEARS"],
    )
    return render_template(
        "skills/matrix.html",
        matrix=data,
        figure_json=charts.to_json(level_figure(data)),
        sites=sites(db.session(), current_scope()),
        categories=labelled_categories(),
        filters={"site": site, "category": category},
        form=LevelForm(formdata=None),
        cells_html=cells_html,
        # Each cell links to skills_url + "<engineer>/<process>", built once rather than per cell.
        skills_url=url_for("skills.history", engineer_id=0, process_id=0).removesuffix("0/0"),
    )


def _history_page(engineer: Engineer, process: Process, form: LevelForm | None = None, status: int = 200):
    """The history of one engineer on one process, with the form that records a new level."""
    session = db.session()
    current = service.current_level(session, engineer.id, process.id)
    if form is None:
        level = current.level if current else 0
        form = LevelForm(formdata=None, level=level, next=request.args.get("next", ""))
    return render_template(
        "skills/history.html",
        engineer=engineer,
        process=process,
        current=current,
        history=service.history(session, current_scope(), engineer, process),
        form=form,
    ), status


@bp.get("/skills/<int:engineer_id>/<int:process_id>")
@access("supplier")
def history(engineer_id: int, process_id: int):
    return _history_page(get_or_404(Engineer, engineer_id), get_or_404(Process, process_id))


@bp.post("/skills/<int:engineer_id>/<int:process_id>")
@access("supplier", "editor")
def record(engineer_id: int, process_id: int):
    engineer = get_or_404(Engineer, engineer_id)
    process = get_or_404(Process, process_id)
    form = LevelForm()
    if not form.validate_on_submit():
        return _history_page(engineer, process, form, 422)
    session = db.session()
    today, horizon = clock.today(), current_app.config["SCORING_HORIZON_YEARS"]
    before = effect.snapshot(session, [process.id], today, horizon=horizon)
    service.record_assessment(
        session,
        engineer,
        process,
        form.level.data,
        form.assessed_on.data,
        assessor=(form.assessor.data or "").strip(),
        evidence=(form.evidence.data or "").strip(),
        expires_on=form.expires_on.data,
        user_id=acting_user().id,
    )
    after = effect.snapshot(session, [process.id], today, horizon=horizon)
    session.commit()
    flash(
        _(
            "%(engineer)s on %(process)s: level %(level)s recorded.",
            engineer=engineer.name,
            process=process.code,
            level=form.level.data,
        ),
        "success",
    )
    flash_effect(effect.differences(before, after))
    back = safe_next(form.next.data, url_for("skills.matrix"))
    return redirect(back)
