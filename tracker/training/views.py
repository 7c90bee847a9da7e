"""Training plans, their sessions, trainer load, and the what-if of engineers leaving."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from tracker import clock, db, effect
from tracker.engineers.service import active_engineers
from tracker.labels import LEVEL_NAMES, PLAN_STATUS_LABELS, code_name
from tracker.meetings import service as meetings
from tracker.models import Engineer, TrainingPlan
from tracker.processes.service import all_processes
from tracker.refusals import Refused
from tracker.training import queries
from tracker.training import service as training
from tracker.training.forms import PlanEditForm, PlanForm, SessionForm, WhatIfForm
from tracker.training.projection import candidates, default_until
from tracker.training.projection import what_if as what_if_scores
from tracker.web.access import access, acting_user, current_scope, get_or_404
from tracker.web.effects import flash_effect
from tracker.web.forms import to_id
from tracker.web.pagination import paginate
from tracker.web.refusals import flash_refusal, show_on

bp = Blueprint("training", __name__, url_prefix="/training")


def _engineers(*, active_only: bool = False) -> list[Engineer]:
    return active_engineers(db.session(), current_scope(), include_leave=not active_only)


def _loads() -> list[queries.TrainerLoad]:
    return queries.trainer_load(db.session(), current_scope(), clock.today(), _limit())


def _trainer_choices() -> list[tuple[int, str]]:
    """Active engineers; those at level O today show the processes they can teach."""
    teaches = {load.engineer.id: load.processes for load in _loads()}
    return [
        (e.id, f"{e.name} · O: {', '.join(teaches[e.id])}" if teaches.get(e.id) else e.name)
        for e in _engineers(active_only=True)
    ]


def _limit() -> int:
    return current_app.config["TRAINER_LOAD_LIMIT"]


def _plan_form(**kwargs) -> PlanForm:
    return PlanForm(
        trainees=[(e.id, e.name) for e in _engineers()],
        trainers=_trainer_choices(),
        processes=[(p.id, code_name(p.code, p.name)) for p in all_processes(db.session(), current_scope())],
        **kwargs,
    )


def _levels() -> dict[str, int]:
    """Current levels keyed "engineer-process", so the plan form can show the from-level."""
    levels = queries.current_levels(db.session(), current_scope())
    return {f"{engineer_id}-{process_id}": level for (engineer_id, process_id), level in levels.items()}


def _warn_if_overloaded(trainer_id: int) -> None:
    for load in _loads():
        if load.engineer.id == trainer_id and load.over:
            flash(
                _(
                    "%(name)s now carries %(count)d open plans, above the limit of %(limit)d.",
                    name=load.engineer.name,
                    count=load.open_plans,
                    limit=load.limit,
                ),
                "warning",
            )


@bp.get("/")
@access("supplier")
def index():
    filters = {
        "process": request.args.get("process", type=to_id),
        "trainee": request.args.get("trainee", type=to_id),
        "trainer": request.args.get("trainer", type=to_id),
        "status": request.args.get("status", ""),
        "overdue": bool(request.args.get("overdue")),
    }
    if filters["status"] not in PLAN_STATUS_LABELS and filters["status"] != "open":
        filters["status"] = ""
    statement = queries.plan_listing(
        current_scope(),
        process_id=filters["process"],
        trainee_id=filters["trainee"],
        trainer_id=filters["trainer"],
        status=filters["status"],
        overdue_on=clock.today() if filters["overdue"] else None,
    )
    page = paginate(db.session(), statement)
    return render_template(
        "training/index.html",
        page=page,
        hours=queries.hours_by_plan(db.session(), [plan.id for plan in page.items]),
        engineers=_engineers(),
        processes=all_processes(db.session(), current_scope()),
        statuses=PLAN_STATUS_LABELS,
        filters=filters,
        overloaded=[load for load in _loads() if load.over],
    )


@bp.get("/trainers")
@access("supplier")
def trainers():
    return render_template("training/trainers.html", loads=_loads(), limit=_limit())


@bp.route("/new", methods=["GET", "POST"])
@access("supplier", "editor")
def create():
    form = _plan_form(
        trainee_id=request.args.get("trainee_id", type=to_id),
        process_id=request.args.get("process_id", type=to_id),
    )
    status = 200
    if form.validate_on_submit():
        session = db.session()
        try:
            plan = training.create_plan(session, current_scope(), acting_user().id, form.values())
        except Refused as refused:
            session.rollback()
            show_on(form, refused)
        else:
            session.commit()
            flash(_("Training plan saved."), "success")
            _warn_if_overloaded(plan.trainer_id)
            return redirect(url_for("training.show", plan_id=plan.id))
    if form.errors:
        status = 422
    labels = {level: str(name) for level, name in LEVEL_NAMES.items()}
    return render_template(
        "training/form.html", form=form, plan=None, levels=_levels(), level_labels=labels
    ), status


def _show(plan: TrainingPlan, form: SessionForm, status: int = 200):
    session = db.session()
    sessions = queries.sessions_of(session, plan)
    today = clock.today()
    return render_template(
        "training/show.html",
        plan=plan,
        score_now=_scores(plan, today)[plan.process_id].score,
        score_then=_scores(plan, today, projected=True)[plan.process_id].score,
        until=default_until(today),
        sessions=sessions,
        hours=sum(s.hours for s in sessions),
        now_level=queries.current_level(session, plan.trainee_id, plan.process_id),
        reached=training.target_reached(session, plan),
        form=form,
        statuses=PLAN_STATUS_LABELS,
        origin=meetings.action_of_plan(session, plan),
    ), status


@bp.get("/<int:plan_id>")
@access("supplier")
def show(plan_id: int):
    plan = get_or_404(TrainingPlan, plan_id)
    return _show(plan, SessionForm(formdata=None, assessor=plan.trainer.name))


@bp.route("/<int:plan_id>/edit", methods=["GET", "POST"])
@access("supplier", "editor")
def edit(plan_id: int):
    plan = get_or_404(TrainingPlan, plan_id)
    if not plan.is_open:
        flash_refusal(Refused("plan_closed"))
        return redirect(url_for("training.show", plan_id=plan.id))
    form = PlanEditForm(obj=plan, trainers=_trainer_choices())
    if form.validate_on_submit():
        session = db.session()
        try:
            training.update_plan(session, plan, acting_user().id, form.values())
        except Refused as refused:
            session.rollback()
            show_on(form, refused)
        else:
            session.commit()
            flash(_("Changes saved."), "success")
            _warn_if_overloaded(plan.trainer_id)
            return redirect(url_for("training.show", plan_id=plan.id))
    return render_template("training/form.html", form=form, plan=plan), 422 if form.errors else 200


@bp.post("/<int:plan_id>/sessions")
@access("supplier", "editor")
def log_session(plan_id: int):
    plan = get_or_404(TrainingPlan, plan_id)
    form = SessionForm()
    if not form.validate_on_submit():
        return _show(plan, form, 422)
    session = db.session()
    today = clock.today()
    before = _scores(plan, today)
    try:
        _row, reached = training.log_session(session, plan, acting_user().id, form.values(), today)
    except Refused as refused:
        session.rollback()
        session.refresh(plan)
        show_on(form, refused)
        return _show(plan, form, 422)
    after = _scores(plan, today)
    session.commit()
    flash(_("Session logged."), "success")
    flash_effect(effect.differences(before, after))
    if reached and plan.is_open:
        flash(
            _(
                "%(name)s has reached the target level. You can now close the plan as done.",
                name=plan.trainee.name,
            ),
            "info",
        )
    return redirect(url_for("training.show", plan_id=plan.id))


def _scores(plan: TrainingPlan, today, *, projected: bool = False):
    """The plan's process scored today, or on the projection date with open plans delivered
    (as the overview's "projected")."""
    on = default_until(today) if projected else today
    return effect.snapshot(
        db.session(),
        [plan.process_id],
        on,
        horizon=current_app.config["SCORING_HORIZON_YEARS"],
        plans_until=on if projected else None,
    )


def _status_action(plan_id: int, action, done: str, *, closes: bool = False):
    """Run a status change of the plan; closing it says what it did to the projection."""
    plan = get_or_404(TrainingPlan, plan_id)
    session = db.session()
    today = clock.today()
    before = _scores(plan, today, projected=True) if closes else {}
    try:
        action(session, plan, acting_user().id)
    except Refused as refused:
        session.rollback()
        flash_refusal(refused)
    else:
        after = _scores(plan, today, projected=True) if closes else {}
        session.commit()
        flash(done, "success")
        flash_effect(effect.differences(before, after), projected=True)
    return redirect(url_for("training.show", plan_id=plan_id))


@bp.post("/<int:plan_id>/start")
@access("supplier", "editor")
def start(plan_id: int):
    return _status_action(plan_id, training.start_plan, _("The plan is in progress."))


@bp.post("/<int:plan_id>/done")
@access("supplier", "editor")
def done(plan_id: int):
    return _status_action(plan_id, training.close_plan, _("The plan is closed as done."), closes=True)


@bp.post("/<int:plan_id>/cancel")
@access("supplier", "editor")
def cancel(plan_id: int):
    return _status_action(plan_id, training.cancel_plan, _("The plan is cancelled."), closes=True)


@bp.get("/what-if")
@access("supplier")
def what_if():
    form = WhatIfForm(request.args)
    day = form.day()
    people = candidates(db.session(), current_scope(), day)
    form.engineers.choices = [(c.engineer.id, c.engineer.name) for c in people]
    results, leaving = None, []
    if request.args.get("engineers") is not None and form.validate():
        results = what_if_scores(
            db.session(),
            current_scope(),
            set(form.engineers.data),
            day,
            current_app.config["SCORING_HORIZON_YEARS"],
        )
        names = {c.engineer.id: c.engineer.name for c in people}
        leaving = [names[engineer_id] for engineer_id in form.engineers.data]
    return render_template(
        "training/what_if.html", form=form, results=results, leaving=leaving, people=people, day=day
    ), (422 if form.errors else 200)
