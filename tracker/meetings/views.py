"""Partner meetings: the list, scheduling, the meeting page (agenda, comments, action items),
meeting mode for the screen, the supplier's confirmation of an action as a training plan, closing,
the handout (print, PDF, CSV and XLSX tables), and share links with their public read-only page."""

from __future__ import annotations

import io
from datetime import date

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin

from tracker import clock, db, tenancy
from tracker.engineers.service import active_engineers
from tracker.extensions import limiter
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
    SHARE_LINK_STATE_LABELS,
    code_name,
)
from tracker.meetings import handout as handouts
from tracker.meetings import page as pages
from tracker.meetings import service, sharing
from tracker.meetings.figures import trend_figure
from tracker.meetings.forms import (
    ActionForm,
    ActionPlanForm,
    ActionStatusForm,
    AgendaForm,
    CommentForm,
    MeetingEditForm,
    MeetingForm,
    ShareLinkForm,
)
from tracker.meetings.texts import standard_agenda
from tracker.models import PartnerMeeting, Process
from tracker.models._types import utcnow
from tracker.refusals import Refused
from tracker.spreadsheets import exports
from tracker.tenancy import Scope
from tracker.training import queries as training_queries
from tracker.web.access import access, acting_user, current_scope
from tracker.web.as_of import requested_day
from tracker.web.forms import to_id
from tracker.web.links import drilldown_template
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
    "link_states": SHARE_LINK_STATE_LABELS,
}


def _meeting(meeting_id: int) -> PartnerMeeting:
    return tenancy.own_meeting(db.session(), current_scope(), meeting_id)


def _horizon() -> float:
    return current_app.config["SCORING_HORIZON_YEARS"]


def _requested_day() -> date | None:
    """The presenter's `on` date; a bad or future one is refused with a message (the meeting's day)."""
    return requested_day(
        clock.today(), _("The date must be today or a past date (YYYY-MM-DD); showing the meeting's date.")
    )


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
    """The form recording an action: the meeting's suppliers, their processes (a portfolio review's
    named with their supplier)."""
    visible = service.visible_suppliers(meeting, current_scope())
    names = {s.id: s.name for s in meeting.suppliers if s.id in visible}
    processes = [
        (
            p.id,
            f"{names[p.supplier_id]} · {code_name(p.code, p.name)}"
            if meeting.is_portfolio
            else code_name(p.code, p.name),
        )
        for p in service.meeting_processes(db.session(), meeting)
        if p.supplier_id in names
    ]
    suppliers = list(names.items())
    return ActionForm(suppliers=suppliers, processes=processes, **kwargs)


def _page(meeting: PartnerMeeting, on: date | None = None) -> pages.MeetingPage:
    scope = current_scope()
    today = clock.today()
    template = drilldown_template() if scope.is_buyer else ""
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
    runs_it = scope.is_buyer and acting_user().has_role("admin")
    now = utcnow()
    return render_template(
        "meetings/show.html",
        view=_page(meeting),
        links=sharing.listing(session, meeting) if runs_it else [],
        link_form=ShareLinkForm(),
        link_state=lambda link: sharing.state(link, now),
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


# --- the handout: print, PDF, and the tables as CSV and XLSX -----------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _handout_view(meeting_id: int) -> pages.MeetingPage:
    return _page(_meeting(meeting_id), _requested_day())


def _handout(view: pages.MeetingPage, pdf: bool = False) -> str:
    return render_template(
        "meetings/handout.html", view=view, pdf=pdf, horizon=_horizon(), footer=handouts.FOOTER, **LABELS
    )


def _page_css(meeting: PartnerMeeting) -> str:
    return render_template(
        "meetings/handout_page.css",
        title=f"{meeting.title} · {meeting.held_on.isoformat()}",
        footer=handouts.FOOTER,
        page=_("Page"),
        css_string=handouts.css_string,
    )


def _download(data: bytes, meeting: PartnerMeeting, extension: str, mimetype: str):
    name = f"densho-meeting-{meeting.id}-{meeting.held_on.isoformat()}.{extension}"
    response = send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/<int:meeting_id>/handout")
@access()
def handout(meeting_id: int):
    """The meeting view as a print handout: A4 landscape, the map whole on the first page, then the tables."""
    return _handout(_handout_view(meeting_id))


@bp.get("/<int:meeting_id>/handout.css")
@access()
def handout_css(meeting_id: int):
    """The handout's page rule: size, margins, and the translated margin texts with page numbers."""
    response = make_response(_page_css(_meeting(meeting_id)))
    response.mimetype = "text/css"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/<int:meeting_id>/handout.pdf")
@access()
def handout_pdf(meeting_id: int):
    view = _handout_view(meeting_id)
    try:
        data = handouts.pdf(
            _handout(view, pdf=True),
            _page_css(view.meeting),
            request.host_url,
            current_app.static_url_path,
            current_app.static_folder,
        )
    except handouts.PdfUnavailable:
        current_app.logger.warning("PDF handout unavailable: WeasyPrint cannot load its libraries")
        flash(
            _("The PDF cannot be made on this server (Pango is not installed); print the handout instead."),
            "error",
        )
        return redirect(url_for("meetings.handout", meeting_id=meeting_id))
    return _download(data, view.meeting, "pdf", "application/pdf")


@bp.get("/<int:meeting_id>/tables.<any(csv, xlsx):extension>")
@access()
def tables(meeting_id: int, extension: str):
    """The handout's tables: one CSV with the tables one under another, or an XLSX sheet per table."""
    view = _handout_view(meeting_id)
    found = handouts.tables(view, str(get_locale()))
    if extension == "csv":
        return _download(exports.to_csv(handouts.one_table(found)), view.meeting, "csv", "text/csv")
    return _download(exports.to_xlsx(found), view.meeting, "xlsx", XLSX)


# --- share links ---------------------------------------------------------------------------------

share_bp = Blueprint("shared", __name__)
blueprints = (bp, share_bp)  # the factory registers both; the share page lives outside /meetings


@bp.post("/<int:meeting_id>/links")
@access("buyer", "admin")
def create_link(meeting_id: int):
    """A new share link; its URL is shown once, in the message (only the secret's hash is kept)."""
    meeting = _meeting(meeting_id)
    form = ShareLinkForm()
    back = redirect(url_for("meetings.show", meeting_id=meeting.id) + "#links")
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(errors[0], "error")
        return back
    session = db.session()
    try:
        link, token = sharing.create(
            session, meeting, acting_user().id, utcnow(), current_app.secret_key, form.days.data
        )
    except Refused as refused:
        session.rollback()
        flash_refusal(refused)
        return back
    session.commit()
    flash(
        _(
            "Share link created, valid until %(day)s UTC. Copy it now: it is shown only this once. %(url)s",
            day=link.expires_at.strftime("%Y-%m-%d %H:%M"),
            url=url_for("shared.page", token=token, _external=True),
        ),
        "success",
    )
    return back


@bp.post("/links/<int:link_id>/revoke")
@access("buyer", "admin")
def revoke_link(link_id: int):
    session = db.session()
    link = sharing.own_link(session, current_scope(), link_id)
    sharing.revoke(session, link, acting_user().id, utcnow())
    session.commit()
    flash(_("Share link revoked: it opens nothing any more."), "success")
    return redirect(url_for("meetings.show", meeting_id=link.meeting_id) + "#links")


@share_bp.get("/shared/<token>")
@limiter.limit("60 per minute")
def page(token: str):
    """The meeting's view through a share link, read-only and without an account: the buyer's view
    under the disclosure in force now. It writes nothing and logs no one in."""
    session = db.session()
    link = sharing.resolve(session, token, current_app.secret_key, utcnow())
    meeting = session.get(PartnerMeeting, link.meeting_id)
    today = clock.today()
    known = sharing.alias_holders(session, meeting.buyer_id)
    view = pages.build(
        session,
        meeting,
        Scope(meeting.buyer_id, "buyer"),
        today,
        pages.as_of(meeting, None, today),
        _horizon(),
    )
    # Writes nothing: an alias first handed out by this build is dropped, its person shown as a count.
    view = view.without(sharing.alias_holders(session, meeting.buyer_id) - known)
    session.rollback()
    response = make_response(
        render_template(
            "meetings/shared.html",
            view=view,
            link=link,
            current_user=AnonymousUserMixin(),  # no link into the app, whoever opens it
            **LABELS,
        )
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response
