"""An organization's users (admins only): invite, change role, deactivate."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from tracker import db
from tracker.labels import ROLE_LABELS
from tracker.models import User
from tracker.tenancy import access, acting_org, acting_user, get_or_404, scoped
from tracker.users.forms import InviteForm, RoleForm
from tracker.users.service import DuplicateEmail, SelfChange, change, invite

bp = Blueprint("users", __name__, url_prefix="/users")


@bp.get("/")
@access(role="admin")
def index():
    users = db.session().scalars(scoped(User).order_by(User.name)).all()
    return render_template("users/index.html", users=users, roles=ROLE_LABELS, role_form=RoleForm())


@bp.route("/new", methods=["GET", "POST"])
@access(role="admin")
def create():
    form = InviteForm()
    if form.validate_on_submit():
        session = db.session()
        try:
            user, password = invite(
                session, acting_org().id, acting_user().id, form.name.data, form.email.data, form.role.data
            )
        except DuplicateEmail:
            session.rollback()
            form.email.errors.append(_("A user with this email exists already."))
        else:
            session.commit()
            return render_template("users/created.html", user=user, password=password)
    return render_template("users/form.html", form=form)


def _change(user_id: int, done: str, **values):
    user = get_or_404(User, user_id)
    session = db.session()
    try:
        change(session, user, acting_user().id, **values)
    except SelfChange:
        session.rollback()
        flash(_("You cannot change your own role or deactivate yourself."), "error")
    else:
        session.commit()
        flash(done % {"name": user.name}, "success")
    return redirect(url_for("users.index"))


@bp.post("/<int:user_id>/role")
@access(role="admin")
def set_role(user_id: int):
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the listed roles."), "error")
        get_or_404(User, user_id)
        return redirect(url_for("users.index"))
    return _change(user_id, _("Role of %(name)s changed."), role=form.role.data)


@bp.post("/<int:user_id>/deactivate")
@access(role="admin")
def deactivate(user_id: int):
    return _change(user_id, _("%(name)s can no longer log in."), active=False)


@bp.post("/<int:user_id>/activate")
@access(role="admin")
def activate(user_id: int):
    return _change(user_id, _("%(name)s can log in again."), active=True)
