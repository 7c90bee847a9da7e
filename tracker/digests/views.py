"""A supplier user's choice of the daily e-mail digest."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField

from tracker import db
from tracker.digests.service import REMINDER_DAYS
from tracker.web.access import access, acting_user

bp = Blueprint("digests", __name__, url_prefix="/digest")


class DigestForm(FlaskForm):
    digest = BooleanField(_l("Send me the daily digest by e-mail"))


@bp.route("/", methods=["GET", "POST"])
@access("supplier")
def preferences():
    user = acting_user()
    form = DigestForm() if request.method == "POST" else DigestForm(obj=user)  # an unticked box sends nothing
    if form.validate_on_submit():
        user.digest = form.digest.data
        db.session().commit()
        flash(_("The daily digest is on.") if user.digest else _("The daily digest is off."), "success")
        return redirect(url_for("digests.preferences"))
    return render_template("digests/preferences.html", form=form, days=REMINDER_DAYS[:-1])
