"""Log in, log out, change one's password, choose the language."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from tracker import db
from tracker.auth import passwords
from tracker.auth.forms import LanguageForm, LoginForm, PasswordForm
from tracker.auth.login import authenticate, hash_password
from tracker.extensions import limiter
from tracker.web.links import safe_next

bp = Blueprint("auth", __name__)


def home_url() -> str:
    return url_for("suppliers.home")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_url())
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            flash(_("Unknown email or wrong password."), "error")
        else:
            login_user(user, remember=form.remember.data)
            if user.locale:
                session["locale"] = user.locale
            return redirect(safe_next(request.args.get("next"), home_url()))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        if not passwords.check_password(current_user.password_hash, form.current.data):
            form.current.errors.append(_("This is not your current password."))
        else:
            current_user.password_hash = hash_password(form.password.data)
            current_user.must_change_password = False
            db.session().commit()
            flash(_("Your password is changed."), "success")
            return redirect(home_url())
    return render_template("auth/password.html", form=form)


@bp.post("/language")
def language():
    """Remember the chosen language for the session, and for the user when logged in."""
    form = LanguageForm()
    back = safe_next(form.next.data, url_for("auth.login"))
    if form.validate_on_submit():
        session["locale"] = form.language.data
        if current_user.is_authenticated:
            current_user.locale = form.language.data
            db.session().commit()
    return redirect(back)
