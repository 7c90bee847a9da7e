"""The organization's settings page, which is also its first run, and the first steps after it."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from tracker import clock, db
from tracker.organizations import service
from tracker.organizations.forms import SettingsForm
from tracker.refusals import Refused
from tracker.web.access import access, acting_user, current_scope
from tracker.web.refusals import show_on

bp = Blueprint("organization", __name__, url_prefix="/organization")


@bp.route("/", methods=["GET", "POST"])
@access(role="admin")
def settings():
    session = db.session()
    organization = service.own(session, current_scope())
    first_run = service.needs_first_run(organization)
    form = SettingsForm(obj=organization)
    if not form.is_submitted():
        form.sites.data = "\n".join(organization.sites)
    if form.validate_on_submit():
        try:
            service.update(
                session,
                current_scope(),
                acting_user().id,
                name=form.name.data,
                name_en=form.name_en.data or "",
                sites=service.clean_sites(form.sites.data or ""),
                timezone=form.timezone.data,
                now=clock.utcnow(),
            )
        except Refused as refused:
            session.rollback()
            show_on(form, refused)
        else:
            session.commit()
            if first_run:
                return redirect(url_for("organization.first_steps"))
            flash(_("Settings saved."), "success")
            return redirect(url_for("organization.settings"))
    return render_template("organization/settings.html", form=form, first_run=first_run)


@bp.get("/first-steps")
@access()
def first_steps():
    """Where a new organization goes next: bring its Excel matrix in, or start by hand."""
    return render_template("organization/first_steps.html")


@bp.app_context_processor
def site_choices_helper() -> dict:
    """`site_choices()` in every template: the sites a site field suggests (read when called)."""
    return {"site_choices": lambda: service.site_choices(db.session(), current_scope())}
