"""A supplier's critical processes: list, create, edit."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from tracker import db
from tracker.labels import CRITICALITY_LABELS
from tracker.models import Process
from tracker.processes import service
from tracker.processes.forms import ProcessForm
from tracker.refusals import Refused
from tracker.web.access import access, acting_user, current_scope, get_or_404
from tracker.web.forms import labelled_categories, to_id
from tracker.web.pagination import paginate
from tracker.web.refusals import show_on

bp = Blueprint("processes", __name__, url_prefix="/processes")

FIELDS = ("code", "name", "category_id", "criticality", "required", "site", "lapse_months")


def _values(form: ProcessForm) -> dict:
    values = {name: getattr(form, name).data for name in FIELDS}
    for name in ("code", "name", "site"):
        values[name] = (values[name] or "").strip()
    return values


@bp.get("/")
@access("supplier")
def index():
    category = request.args.get("category", type=to_id)
    criticality = request.args.get("criticality", "")
    statement = service.listing(current_scope(), category_id=category, criticality=criticality)
    return render_template(
        "processes/index.html",
        page=paginate(db.session(), statement),
        categories=labelled_categories(),
        criticalities=CRITICALITY_LABELS,
        filters={"category": category, "criticality": criticality},
    )


def _save(form: ProcessForm, process: Process | None):
    session = db.session()
    try:
        if process is None:
            process = service.create_process(session, current_scope(), acting_user().id, _values(form))
        else:
            service.update_process(session, process, acting_user().id, _values(form))
    except Refused as refused:
        session.rollback()
        show_on(form, refused)
        return None
    session.commit()
    flash(_("Process %(code)s saved.", code=process.code), "success")
    return redirect(url_for("processes.index"))


@bp.route("/new", methods=["GET", "POST"])
@access("supplier", "editor")
def create():
    form = ProcessForm(categories=labelled_categories())
    if form.validate_on_submit():
        response = _save(form, None)
        if response:
            return response
    return render_template("processes/form.html", form=form, process=None)


@bp.route("/<int:process_id>/edit", methods=["GET", "POST"])
@access("supplier", "editor")
def edit(process_id: int):
    process = get_or_404(Process, process_id)
    form = ProcessForm(obj=process, categories=labelled_categories())
    if form.validate_on_submit():
        response = _save(form, process)
        if response:
            return response
    return render_template("processes/form.html", form=form, process=process)
