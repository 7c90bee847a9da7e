"""A supplier's critical processes: list, create, edit."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from tracker import db
from tracker.labels import CRITICALITY_LABELS
from tracker.models import Process, ProcessCategory
from tracker.processes.forms import ProcessForm
from tracker.processes.service import DuplicateCode, create_process, update_process
from tracker.tenancy import access, acting_org, acting_user, get_or_404, scoped
from tracker.web.pagination import paginate

bp = Blueprint("processes", __name__, url_prefix="/processes")

FIELDS = ("code", "name", "category_id", "criticality", "required", "site", "lapse_months")


def categories() -> list[ProcessCategory]:
    """The shared taxonomy, each row labelled in the user's language."""
    locale = str(get_locale())
    rows = db.session().scalars(select(ProcessCategory).order_by(ProcessCategory.position)).all()
    for row in rows:
        row.label = row.name(locale)
    return rows


def _values(form: ProcessForm) -> dict:
    values = {name: getattr(form, name).data for name in FIELDS}
    for name in ("code", "name", "site"):
        values[name] = (values[name] or "").strip()
    return values


@bp.get("/")
@access("supplier")
def index():
    category = request.args.get("category", type=int)
    criticality = request.args.get("criticality", "")
    statement = scoped(Process).order_by(Process.code)
    if category:
        statement = statement.where(Process.category_id == category)
    if criticality in CRITICALITY_LABELS:
        statement = statement.where(Process.criticality == criticality)
    return render_template(
        "processes/index.html",
        page=paginate(db.session(), statement),
        categories=categories(),
        criticalities=CRITICALITY_LABELS,
        filters={"category": category, "criticality": criticality},
    )


def _save(form: ProcessForm, process: Process | None):
    session = db.session()
    try:
        if process is None:
            process = create_process(session, acting_org().id, acting_user().id, _values(form))
        else:
            update_process(session, process, acting_user().id, _values(form))
    except DuplicateCode:
        session.rollback()
        form.code.errors.append(_("Another process already has this code."))
        return None
    session.commit()
    flash(_("Process %(code)s saved.", code=process.code), "success")
    return redirect(url_for("processes.index"))


@bp.route("/new", methods=["GET", "POST"])
@access("supplier", "editor")
def create():
    form = ProcessForm(categories=categories())
    if form.validate_on_submit():
        response = _save(form, None)
        if response:
            return response
    return render_template("processes/form.html", form=form, process=None)


@bp.route("/<int:process_id>/edit", methods=["GET", "POST"])
@access("supplier", "editor")
def edit(process_id: int):
    process = get_or_404(Process, process_id)
    form = ProcessForm(obj=process, categories=categories())
    if form.validate_on_submit():
        response = _save(form, process)
        if response:
            return response
    return render_template("processes/form.html", form=form, process=process)
