"""Partner meetings: the list, scheduling, the meeting page (agenda, comments, action items),
meeting mode for the screen, the supplier's confirmation of an action as a training plan, closing."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from tracker import clock, db, tenancy
from tracker.engineers.service import active_engineers
from tracker.heatmap import charts
from tracker.labels import (
    ACTION_STATE_LABELS,
    ACTION_STATUS_LABELS,
    BAND_LABELS,
    DISCLOSURE_SHORT,
    MEETING_KIND_LABELS,
    MEETING_STATUS_LABELS,
    OWNER_SIDE_LABELS,
    PLAN_STATUS_LABELS,
    code_name,
)
from tracker.meetings import page as pages
from tracker.meetings import service
from tracker.meetings.figures import trend_figure
from tracker.meetings.forms import (
    ActionForm,
    ActionPlanForm,
    ActionStatusForm,
    AgendaForm,
    CommentForm,
    MeetingEditForm,
    MeetingForm,
)
from tracker.meetings.texts import standard_agenda
from tracker.models import PartnerMeeting, Process
from tracker.refusals import Refused
from tracker.training import queries as training_queries
from tracker.web.access import access, acting_user, current_scope
from tracker.web.forms import to_id
from tracker.web.pagination import paginate
from tracker.web.refusals import flash_refusal, show_on

bp = Blueprint("meetings", __name__, url_prefix="/meetings")

LABELS = {
    "kinds": MEETING_KIND_LABELS,
    "statuses": MEETING_STATUS_LABELS,
    "action_statuses": ACTION_STATUS_LABELS,
    "action_states": ACTION_STATE_LABELS,
    "sides": OWNER_SIDE_LABELS,
    "plan_statuses": PLAN_STATUS_LABELS,
    "band_labels": BAND_LABELS,
    "disclosure_labels": DISCLOSURE_SHORT,
}


def _meeting(meeting_id: int) -> PartnerMeeting:
    return tenancy.own_meeting(db.session(), current_scope(), meeting_id)


def _horizon() -> float:
    return current_app.config["SCORING_HORIZON_YEARS"]


def _requested_day() -> date | None:
    """The `on` argument as a date; a bad or future one is refused with a message (today's view)."""
    raw = request.args.get("on")
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        day = None
    if day is None or not clock.EARLIEST <= day <= clock.today():
        flash(_("The date must be today or a past date (YYYY-MM-DD); showing the meeting's date."), "error")
        return None
    return day


@bp.get("/")
@access()
def index():
    scope = current_scope()
    session = db.session()
    supplier_id = to_id(request.args.get("supplier")) if scope.is_buyer else scope.organization_id
    page = paginate(session, service.listing(scope, supplier_id if scope.is_buyer else None))
    follow = service.follow_through(session, scope, clock.today()) if scope.is_buyer else []
    points = service.trend(session, scope, supplier_id)
    partners = service.partners_for_form(session, scope) if scope.is_buyer else []
    return render_template(
        "meetings/index.html",
        page=page,
        follow=follow,
        partners=partners,
        supplier_id=supplier_id,
        trend_json=charts.to_json(trend_figure(points)) if points else None,
        **LABELS,
    )


def _partner_choices() -> list[tuple[int, str]]:
    return [(p.supplier_id, p.name) for p in service.partners_for_form(db.session(), current_scope())]


@bp.route("/new", methods=["GET", "POST"])
@access("buyer", "admin")
def new():
    form = MeetingForm(partners=_partner_choices())
    if request.method == "GET":
        form.agenda.data = "\n".join(standard_agenda())
        chosen = to_id(request.args.get("supplier"))
        if chosen:
            form.suppliers.data = [chosen]
    if form.validate_on_submit():
        session = db.session()
        try:
            meeting = service.schedule(session, current_scope(), acting_user().id, form.values())
        except Refused as refused:
            show_on(form, refused)
        else:
            session.commit()
            flash(_("Meeting scheduled."), "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template(
        "meetings/form.html", form=form, meeting=None
    ), 200 if request.method == "GET" else 422


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@access("buyer", "admin")
def edit(meeting_id: int):
    meeting = _meeting(meeting_id)
    form = MeetingEditForm(obj=meeting)
    if meeting.is_closed:
        flash(_("This meeting is closed; its record cannot be changed."), "error")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    if form.validate_on_submit():
        try:
            service.update(db.session(), meeting, acting_user().id, form.values())
        except Refused as refused:
            show_on(form, refused)
        else:
            db.session().commit()
            flash(_("Meeting saved."), "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
    status = 200 if request.method == "GET" else 422
    return render_template("meetings/form.html", form=form, meeting=meeting), status


def _action_form(meeting: PartnerMeeting, **kwargs) -> ActionForm:
    session = db.session()
    scope = current_scope()
    suppliers = [
        (s.id, s.name) for s in meeting.suppliers if s.id in service.visible_suppliers(meeting, scope)
    ]
    processes = [
        (
            p.id,
            f"{p.supplier.name if meeting.is_portfolio else ''}{' · ' if meeting.is_portfolio else ''}"
            f"{code_name(p.code, p.name)}",
        )
        for p in service.meeting_processes(session, meeting)
    ]
    return ActionForm(suppliers=suppliers, processes=processes, **kwargs)


def _page(meeting: PartnerMeeting, on: date | None = None) -> pages.MeetingPage:
    scope = current_scope()
    today = clock.today()
    template = ""
    if scope.is_buyer:
        pattern = url_for(
            "heatmap.drilldown", supplier_id=917_000_000_000_001, category_id=917_000_000_000_002
        )
        template = pattern.replace("917000000000001", "{supplier}").replace("917000000000002", "{category}")
    built = pages.build(
        db.session(), meeting, scope, today, pages.as_of(meeting, on, today), _horizon(), template
    )
    db.session().commit()  # aliases assigned on first sight
    return built


@bp.get("/<int:meeting_id>")
@access()
def show(meeting_id: int):
    meeting = _meeting(meeting_id)
    scope = current_scope()
    session = db.session()
    return render_template(
        "meetings/show.html",
        view=_page(meeting),
        agenda=service.visible_agenda(meeting, scope),
        comments=service.comments(session, meeting, scope),
        agenda_form=AgendaForm(),
        comment_form=CommentForm(),
        action_form=_action_form(meeting),
        status_form=ActionStatusForm(),
        **LABELS,
    )


@bp.get("/<int:meeting_id>/present")
@access()
def present(meeting_id: int):
    """Meeting mode: the map first and whole, then the sections, for a projector or screen share."""
    meeting = _meeting(meeting_id)
    view = _page(meeting, _requested_day())
    return render_template(
        "meetings/present.html",
        view=view,
        action_form=_action_form(meeting),
        first_day=service.first_day(db.session(), meeting) or view.board.on,
        **LABELS,
    )


def _back(meeting: PartnerMeeting, anchor: str = ""):
    target = request.form.get("back")
    if target == "present":
        return redirect(url_for("meetings.present", meeting_id=meeting.id) + (f"#{anchor}" if anchor else ""))
    return redirect(url_for("meetings.show", meeting_id=meeting.id) + (f"#{anchor}" if anchor else ""))


def _write(meeting: PartnerMeeting, form, anchor: str, write, done: str):
    """A small write from the meeting page or meeting mode: checked, refused with a message, or
    done; back to the section it came from, whatever the outcome."""
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(errors[0], "error")
        return _back(meeting, anchor)
    try:
        write()
    except Refused as refused:
        db.session().rollback()
        flash_refusal(refused)
        return _back(meeting, anchor)
    db.session().commit()
    flash(done, "success")
    return _back(meeting, anchor)


@bp.post("/<int:meeting_id>/agenda")
@access(role="editor")
def add_point(meeting_id: int):
    meeting = _meeting(meeting_id)
    form = AgendaForm()
    return _write(
        meeting,
        form,
        "agenda",
        lambda: service.add_agenda_point(db.session(), current_scope(), meeting, form.text.data),
        _("Agenda point added."),
    )


@bp.post("/<int:meeting_id>/comments")
@access(role="editor")
def comment(meeting_id: int):
    meeting = _meeting(meeting_id)
    form = CommentForm()
    return _write(
        meeting,
        form,
        "comments",
        lambda: service.comment(db.session(), current_scope(), acting_user(), meeting, form.body.data),
        _("Comment added."),
    )


@bp.post("/<int:meeting_id>/actions")
@access("buyer", "admin")
def add_action(meeting_id: int):
    meeting = _meeting(meeting_id)
    form = _action_form(meeting)
    return _write(
        meeting,
        form,
        "actions",
        lambda: service.record_action(db.session(), meeting, acting_user().id, form.values()),
        _("Action recorded."),
    )


@bp.post("/actions/<int:action_id>/status")
@access(role="editor")
def action_status(action_id: int):
    session = db.session()
    action = tenancy.own_action(session, current_scope(), action_id)
    form = ActionStatusForm()
    return _write(
        session.get(PartnerMeeting, action.meeting_id),
        form,
        "actions",
        lambda: service.set_action_status(session, action, acting_user().id, form.values(), clock.today()),
        _("Action updated."),
    )


@bp.route("/actions/<int:action_id>/plan", methods=["GET", "POST"])
@access("supplier", "editor")
def action_plan(action_id: int):
    """The supplier confirms an action as a training plan: trainee, trainer and dates."""
    session = db.session()
    scope = current_scope()
    action = tenancy.own_action(session, scope, action_id)
    meeting = session.get(PartnerMeeting, action.meeting_id)
    if action.process_id is None or action.training_plan_id is not None or not action.is_open:
        flash(
            _("This action cannot become a training plan (it has no process, a plan already, or is closed)."),
            "error",
        )
        return redirect(url_for("meetings.show", meeting_id=meeting.id) + "#actions")
    loads = training_queries.trainer_load(
        session, scope, clock.today(), current_app.config["TRAINER_LOAD_LIMIT"]
    )
    teaches = {load.engineer.id: load.processes for load in loads}
    active = active_engineers(session, scope, include_leave=False)
    form = ActionPlanForm(
        trainees=[(e.id, e.name) for e in active_engineers(session, scope, include_leave=True)],
        trainers=[
            (e.id, f"{e.name} · O: {', '.join(teaches[e.id])}" if teaches.get(e.id) else e.name)
            for e in active
        ],
    )
    if request.method == "GET" and action.due_on:
        form.due_on.data = action.due_on
    if form.validate_on_submit():
        try:
            plan = service.make_plan(session, scope, acting_user().id, action, form.values())
        except Refused as refused:
            show_on(form, refused)
        else:
            session.commit()
            flash(_("Training plan created from the action."), "success")
            return redirect(url_for("training.show", plan_id=plan.id))
    status = 200 if request.method == "GET" else 422
    process = session.get(Process, action.process_id)
    return render_template(
        "meetings/action_plan.html", form=form, action=action, meeting=meeting, process=process
    ), status


@bp.post("/<int:meeting_id>/close")
@access("buyer", "admin")
def close(meeting_id: int):
    meeting = _meeting(meeting_id)
    try:
        service.close(db.session(), meeting, acting_user().id, clock.today(), _horizon())
    except Refused as refused:
        flash_refusal(refused)
        return _back(meeting)
    db.session().commit()
    flash(_("Meeting closed: what it showed is frozen as its record."), "success")
    return _back(meeting)
