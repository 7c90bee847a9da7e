"""A supplier's engineers: list, register, edit, mark as left."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import or_

from tracker import db
from tracker.engineers.forms import EngineerForm
from tracker.engineers.service import DuplicateCode, create_engineer, update_engineer
from tracker.labels import ENGINEER_STATUS_LABELS
from tracker.models import CurrentLevel, Engineer, Process
from tracker.tenancy import access, acting_org, acting_user, get_or_404, scoped
from tracker.web.pagination import paginate

bp = Blueprint("engineers", __name__, url_prefix="/engineers")

FIELDS = ("name", "employee_code", "site", "hired_on", "retires_on", "status")


def _values(form: EngineerForm) -> dict:
    values = {name: getattr(form, name).data for name in FIELDS}
    values["name"] = values["name"].strip()
    values["employee_code"] = values["employee_code"].strip()
    values["site"] = (values["site"] or "").strip()
    return values


def sites() -> list[str]:
    """The acting supplier's sites, for filters."""
    return list(
        db.session().scalars(
            scoped(Engineer, Engineer.site).where(Engineer.site != "").distinct().order_by(Engineer.site)
        )
    )


@bp.get("/")
@access("supplier")
def index():
    q = request.args.get("q", "").strip()
    site = request.args.get("site", "")
    status = request.args.get("status", "")
    statement = scoped(Engineer).order_by(Engineer.name, Engineer.id)
    if q:
        pattern = f"%{q}%"
        statement = statement.where(or_(Engineer.name.ilike(pattern), Engineer.employee_code.ilike(pattern)))
    if site:
        statement = statement.where(Engineer.site == site)
    if status in ENGINEER_STATUS_LABELS:
        statement = statement.where(Engineer.status == status)
    page = paginate(db.session(), statement)
    return render_template(
        "engineers/index.html",
        page=page,
        sites=sites(),
        statuses=ENGINEER_STATUS_LABELS,
        filters={"q": q, "site": site, "status": status},
    )


@bp.get("/<int:engineer_id>")
@access("supplier")
def show(engineer_id: int):
    engineer = get_or_404(Engineer, engineer_id)
    levels = (
        db.session()
        .execute(
            scoped(CurrentLevel, CurrentLevel, Process)
            .join(Process, Process.id == CurrentLevel.process_id)
            .where(CurrentLevel.engineer_id == engineer.id)
            .order_by(Process.code)
        )
        .all()
    )
    return render_template(
        "engineers/show.html", engineer=engineer, levels=levels, statuses=ENGINEER_STATUS_LABELS
    )


@bp.route("/new", methods=["GET", "POST"])
@access("supplier", "editor")
def create():
    form = EngineerForm()
    if form.validate_on_submit():
        session = db.session()
        try:
            engineer = create_engineer(session, acting_org().id, acting_user().id, _values(form))
        except DuplicateCode:
            session.rollback()
            form.employee_code.errors.append(_("Another engineer already has this employee code."))
        else:
            session.commit()
            flash(_("Engineer %(name)s registered.", name=engineer.name), "success")
            return redirect(url_for("engineers.show", engineer_id=engineer.id))
    return render_template("engineers/form.html", form=form, engineer=None)


@bp.route("/<int:engineer_id>/edit", methods=["GET", "POST"])
@access("supplier", "editor")
def edit(engineer_id: int):
    engineer = get_or_404(Engineer, engineer_id)
    form = EngineerForm(obj=engineer)
    if form.validate_on_submit():
        session = db.session()
        try:
            update_engineer(session, engineer, acting_user().id, _values(form))
        except DuplicateCode:
            session.rollback()
            form.employee_code.errors.append(_("Another engineer already has this employee code."))
        else:
            session.commit()
            flash(_("Changes saved."), "success")
            return redirect(url_for("engineers.show", engineer_id=engineer.id))
    return render_template("engineers/form.html", form=form, engineer=engineer)


@bp.post("/<int:engineer_id>/left")
@access("supplier", "editor")
def mark_left(engineer_id: int):
    """Mark an engineer as left; people with history are never deleted."""
    engineer = get_or_404(Engineer, engineer_id)
    values = {name: getattr(engineer, name) for name in FIELDS} | {"status": "left"}
    session = db.session()
    update_engineer(session, engineer, acting_user().id, values)
    session.commit()
    flash(_("%(name)s is marked as left.", name=engineer.name), "success")
    return redirect(url_for("engineers.show", engineer_id=engineer.id))
