"""Partnerships: a buyer admin proposes and ends; a supplier admin accepts, declines, sets disclosure."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from tracker import db
from tracker.labels import DISCLOSURE_LABELS, DISCLOSURE_SHORT, PARTNERSHIP_STATUS_LABELS
from tracker.partnerships import service
from tracker.partnerships.forms import DisclosureForm, ProposeForm
from tracker.refusals import Refused
from tracker.web.access import access, acting_user, current_scope, own_partnership_or_404
from tracker.web.events import event
from tracker.web.pagination import paginate
from tracker.web.refusals import flash_refusal, show_on

bp = Blueprint("partnerships", __name__, url_prefix="/partnerships")


def _listing(propose_form: ProposeForm | None = None, status: int = 200):
    page = paginate(db.session(), service.listing(current_scope()))
    return render_template(
        "partnerships/index.html",
        page=page,
        propose_form=propose_form or ProposeForm(formdata=None),
        disclosure_form=DisclosureForm(formdata=None),
        disclosures=DISCLOSURE_LABELS,
        disclosure_short=DISCLOSURE_SHORT,
        statuses=PARTNERSHIP_STATUS_LABELS,
    ), status


@bp.get("/")
@access()
def index():
    return _listing()


@bp.post("/")
@access("buyer", "admin", recent=True)
def propose():
    form = ProposeForm()
    if not form.validate_on_submit():
        return _listing(form, 422)
    session = db.session()
    try:
        partnership = service.propose(session, current_scope(), form.supplier_code.data, acting_user().id)
    except Refused as refused:
        session.rollback()
        show_on(form, refused)
        return _listing(form, 422)
    session.commit()
    event(
        "partnership_changed",
        partnership=partnership.id,
        change=request.endpoint,
        **partnership_state(partnership),
    )
    flash(_("Partnership proposed to %(name)s.", name=partnership.supplier.name), "success")
    return redirect(url_for("partnerships.index"))


def partnership_state(partnership) -> dict:
    return {"status": partnership.status, "disclosure": partnership.disclosure}


def _change(partnership_id: int, change, done: str):
    """Apply `change(session, partnership)` to one of the acting organization's partnerships."""
    partnership = own_partnership_or_404(partnership_id)
    session = db.session()
    try:
        change(session, partnership)
    except Refused as refused:
        session.rollback()
        flash_refusal(refused)
    else:
        session.commit()
        event(
            "partnership_changed",
            partnership=partnership.id,
            change=request.endpoint,
            **partnership_state(partnership),
        )
        other = partnership.supplier if current_scope().is_buyer else partnership.buyer
        flash(done % {"name": other.name}, "success")
    return redirect(url_for("partnerships.index"))


def _change_with_disclosure(partnership_id: int, apply, done: str):
    """`_change` with the disclosure level chosen on the form, or back to the list if none was."""
    form = DisclosureForm()
    if not form.validate_on_submit():
        own_partnership_or_404(partnership_id)
        flash(_("Choose one of the listed disclosure levels."), "error")
        return redirect(url_for("partnerships.index"))
    level = form.disclosure.data
    return _change(partnership_id, lambda session, p: apply(session, p, level), done)


@bp.post("/<int:partnership_id>/accept")
@access("supplier", "admin", recent=True)
def accept(partnership_id: int):
    return _change_with_disclosure(
        partnership_id,
        lambda session, p, level: service.accept(session, p, level, acting_user().id),
        _("Partnership with %(name)s accepted."),
    )


@bp.post("/<int:partnership_id>/decline")
@access("supplier", "admin", recent=True)
def decline(partnership_id: int):
    return _change(
        partnership_id,
        lambda session, p: service.decline(session, p, acting_user().id),
        _("Proposal of %(name)s declined."),
    )


@bp.post("/<int:partnership_id>/disclosure")
@access("supplier", "admin", recent=True)
def disclosure(partnership_id: int):
    return _change_with_disclosure(
        partnership_id,
        lambda session, p, level: service.set_disclosure(session, p, level, acting_user().id),
        _("Disclosure for %(name)s changed; it applies from their next page."),
    )


@bp.post("/<int:partnership_id>/end")
@access("supplier", "admin", recent=True)
def end(partnership_id: int):
    return _change(
        partnership_id,
        lambda session, p: service.end(session, p, acting_user().id),
        _("Partnership with %(name)s ended; they no longer see your data."),
    )


@bp.post("/<int:partnership_id>/withdraw")
@access("buyer", "admin", recent=True)
def withdraw(partnership_id: int):
    return _change(
        partnership_id,
        lambda session, p: service.end(session, p, acting_user().id),
        _("Partnership with %(name)s ended."),
    )
