"""A supplier's engineers: list, register, edit (status changes dated), mark as left."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from tracker import clock, db, effect
from tracker.alerts.service import EXPIRY_WARNING_DAYS
from tracker.certificates import service as certificates
from tracker.engineers import service
from tracker.engineers.forms import EngineerForm
from tracker.labels import ENGINEER_STATUS_LABELS
from tracker.models import Engineer
from tracker.refusals import Refused
from tracker.web.access import access, acting_user, current_scope, get_or_404
from tracker.web.effects import flash_effect
from tracker.web.pagination import paginate
from tracker.web.refusals import flash_refusal, show_on

bp = Blueprint("engineers", __name__, url_prefix="/engineers")

FIELDS = ("name", "employee_code", "site", "hired_on", "retires_on")


def _values(form: EngineerForm) -> dict:
    values = {name: getattr(form, name).data for name in FIELDS}
    values["name"] = values["name"].strip()
    values["employee_code"] = values["employee_code"].strip()
    values["site"] = (values["site"] or "").strip()
    return values


def _status_change(form: EngineerForm) -> service.StatusChange:
    """The form's status, dated (from today unless a date is given)."""
    return service.StatusChange(form.status.data, form.status_from.data or clock.today(), form.status_to.data)


@bp.get("/")
@access("supplier")
def index():
    filters = {name: request.args.get(name, "").strip() for name in ("q", "site", "status")}
    sort = service.known_sort(request.args.get("sort", "name"))
    page = paginate(db.session(), service.listing(current_scope(), **filters, sort=sort))
    return render_template(
        "engineers/index.html",
        page=page,
        sites=service.sites(db.session(), current_scope()),
        statuses=ENGINEER_STATUS_LABELS,
        filters=filters,
        sort=sort,
    )


@bp.get("/<int:engineer_id>")
@access("supplier")
def show(engineer_id: int):
    engineer = get_or_404(Engineer, engineer_id)
    session, scope, today = db.session(), current_scope(), clock.today()
    requirements = certificates.requirements(session, scope, engineer, today)
    return render_template(
        "engineers/show.html",
        engineer=engineer,
        levels=service.current_levels(session, scope, engineer),
        statuses=ENGINEER_STATUS_LABELS,
        history=service.status_history(session, scope, engineer),
        certificates=certificates.engineer_certificates(session, scope, engineer),
        requirements=requirements,
        stopped={r.process.id for r in requirements if r.stops(today)},
        has_types=bool(certificates.all_types(session, scope)),
        warning_days=EXPIRY_WARNING_DAYS,
    )


def _scores(engineer: Engineer | None):
    """Today's scores of the processes the engineer holds a level on (none for a new one)."""
    if engineer is None:
        return {}
    held = [process.id for _level, process in service.current_levels(db.session(), current_scope(), engineer)]
    return effect.snapshot(
        db.session(), held, clock.today(), horizon=current_app.config["SCORING_HORIZON_YEARS"]
    )


def _save(form: EngineerForm, engineer: Engineer | None):
    session = db.session()
    change = _status_change(form)
    before = _scores(engineer)
    try:
        if engineer is None:
            engineer = service.create_engineer(
                session, current_scope(), acting_user().id, _values(form), change, today=clock.today()
            )
            done = _("Engineer %(name)s registered.", name=engineer.name)
        else:
            service.update_engineer(
                session, engineer, acting_user().id, _values(form), change, today=clock.today()
            )
            done = _("Changes saved.")
    except Refused as refused:
        session.rollback()
        show_on(form, refused)
        return None
    after = _scores(engineer)
    session.commit()
    flash(done, "success")
    flash_effect(effect.differences(before, after))
    return redirect(url_for("engineers.show", engineer_id=engineer.id))


@bp.route("/new", methods=["GET", "POST"])
@access("supplier", "editor")
def create():
    form = EngineerForm()
    if form.validate_on_submit():
        response = _save(form, None)
        if response:
            return response
    return render_template("engineers/form.html", form=form, engineer=None)


@bp.route("/<int:engineer_id>/edit", methods=["GET", "POST"])
@access("supplier", "editor")
def edit(engineer_id: int):
    engineer = get_or_404(Engineer, engineer_id)
    form = EngineerForm(obj=engineer)
    if form.validate_on_submit():
        response = _save(form, engineer)
        if response:
            return response
    return render_template("engineers/form.html", form=form, engineer=engineer)


@bp.post("/<int:engineer_id>/left")
@access("supplier", "editor")
def mark_left(engineer_id: int):
    """Mark an engineer as left; people with history are never deleted."""
    engineer = get_or_404(Engineer, engineer_id)
    values = {name: getattr(engineer, name) for name in FIELDS}
    session = db.session()
    today = clock.today()
    before = _scores(engineer)
    try:
        service.update_engineer(
            session, engineer, acting_user().id, values, service.StatusChange("left", today), today=today
        )
    except Refused as refused:
        session.rollback()
        flash_refusal(refused)
        return redirect(url_for("engineers.show", engineer_id=engineer.id))
    after = _scores(engineer)
    session.commit()
    flash(_("%(name)s is marked as left.", name=engineer.name), "success")
    flash_effect(effect.differences(before, after))
    return redirect(url_for("engineers.show", engineer_id=engineer.id))
