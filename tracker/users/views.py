"""An organization's users (admins only): invite, change role, deactivate."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from tracker import db
from tracker.auth.login import password_method
from tracker.labels import ROLE_LABELS
from tracker.models import User
from tracker.refusals import Refused
from tracker.users import service
from tracker.users.forms import InviteForm, RoleForm
from tracker.web.access import access, acting_user, current_scope, get_or_404
from tracker.web.events import event
from tracker.web.refusals import flash_refusal, show_on

bp = Blueprint("users", __name__, url_prefix="/users")


@bp.get("/")
@access(role="admin")
def index():
    users = service.users(db.session(), current_scope())
    return render_template("users/index.html", users=users, roles=ROLE_LABELS, role_form=RoleForm())


@bp.route("/new", methods=["GET", "POST"])
@access(role="admin", recent=True)
def create():
    form = InviteForm()
    if form.validate_on_submit():
        session = db.session()
        try:
            user, password = service.invite(
                session,
                current_scope(),
                acting_user().id,
                form.name.data,
                form.email.data,
                form.role.data,
                password_method=password_method(),
            )
        except Refused as refused:
            session.rollback()
            show_on(form, refused)
        else:
            session.commit()
            return render_template("users/created.html", user=user, password=password)
    return render_template("users/form.html", form=form)


def _change(user_id: int, done: str, end_sessions: bool = False, **values):
    user = get_or_404(User, user_id)
    session = db.session()
    try:
        service.change(session, user, acting_user().id, end_sessions=end_sessions, **values)
    except Refused as refused:
        session.rollback()
        flash_refusal(refused)
    else:
        session.commit()
        event("user_changed", target=user.id, changes=sorted(values), sessions_ended=end_sessions)
        flash(done % {"name": user.name}, "success")
    return redirect(url_for("users.index"))


@bp.post("/<int:user_id>/role")
@access(role="admin", recent=True)
def set_role(user_id: int):
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the listed roles."), "error")
        get_or_404(User, user_id)
        return redirect(url_for("users.index"))
    return _change(user_id, _("Role of %(name)s changed."), role=form.role.data)


@bp.post("/<int:user_id>/deactivate")
@access(role="admin", recent=True)
def deactivate(user_id: int):
    return _change(user_id, _("%(name)s can no longer log in."), active=False, end_sessions=True)


@bp.post("/<int:user_id>/activate")
@access(role="admin", recent=True)
def activate(user_id: int):
    return _change(user_id, _("%(name)s can log in again."), active=True)


@bp.post("/<int:user_id>/sign-out")
@access(role="admin", recent=True)
def sign_out(user_id: int):
    """End every session and remember cookie of the user, on every device."""
    return _change(user_id, _("%(name)s is signed out everywhere."), end_sessions=True)
