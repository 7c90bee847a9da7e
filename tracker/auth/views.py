"""Log in, confirm the password, log out, change one's password, choose the language."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user
from flask_login.config import COOKIE_NAME

from tracker import clock, db
from tracker.auth import passwords, sessions, throttle
from tracker.auth.forms import ConfirmForm, LanguageForm, LoginForm, PasswordForm
from tracker.auth.login import authenticate, hash_password, throttle_limits
from tracker.extensions import limiter
from tracker.refusals import Refused
from tracker.web.errors import render_error
from tracker.web.events import event
from tracker.web.links import safe_next
from tracker.web.refusals import message

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
        email, address = form.email.data, request.remote_addr or ""
        database, limits, now = db.session(), throttle_limits(), clock.utcnow()
        wait = throttle.retry_after(database, email, address, limits, now)
        if wait is not None:
            event("login_throttled", logging.WARNING, account=throttle.account_key(email), retry_after=wait)
            response, status = render_error(429)
            return response, status, {"Retry-After": str(wait)}
        user = authenticate(email, form.password.data)
        if user is None:
            throttle.record_failure(database, email, address, limits, now)
            database.commit()
            event("login_failure", logging.WARNING, account=throttle.account_key(email))
            flash(_("Unknown email or wrong password."), "error")
        else:
            throttle.forget_account(database, email)
            database.commit()
            sessions.start(user, remember=form.remember.data)
            if user.locale:
                session["locale"] = user.locale
            event("login_success", remember=bool(form.remember.data))
            return redirect(safe_next(request.args.get("next"), home_url()))
    return render_template("auth/login.html", form=form)


@bp.route("/login/confirm", methods=["GET", "POST"])
@login_required
def confirm():
    """Type the password again before a sensitive action (`@access(..., recent=True)`)."""
    form = ConfirmForm()
    back = safe_next(request.args.get("next"), home_url())
    if form.validate_on_submit():
        if passwords.check_password(current_user.password_hash, form.password.data):
            sessions.confirm_password()
            event("password_confirmed")
            return redirect(back)
        event("password_confirm_failure", logging.WARNING)
        form.password.errors.append(_("This is not your current password."))
    return render_template("auth/confirm.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    """End this session and every other one of the user (all devices, all workers)."""
    sessions.end_everywhere(current_user)
    db.session().commit()
    event("logout")
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    """Change one's password; typing the current one is the recent login it needs. Every other
    session of the user ends; this one goes on."""
    form = PasswordForm()
    if form.validate_on_submit():
        refusal = passwords.policy_refusal(form.password.data, (current_user.email, current_user.name))
        if not passwords.check_password(current_user.password_hash, form.current.data):
            form.current.errors.append(_("This is not your current password."))
        elif refusal:
            params = {"min": passwords.MIN_LENGTH, "max": passwords.MAX_LENGTH}
            form.password.errors.append(message(Refused(refusal, "password", **params)))
        else:
            user = current_user._get_current_object()
            user.password_hash = hash_password(form.password.data)
            user.must_change_password = False
            sessions.end_everywhere(user)
            db.session().commit()
            remembered = current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME) in request.cookies
            sessions.start(user, remember=remembered)
            event("password_changed")
            flash(_("Your password is changed. You are logged out everywhere else."), "success")
            return redirect(home_url())
    return render_template("auth/password.html", form=form, min_length=passwords.MIN_LENGTH)


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
