"""Partnerships: a buyer admin proposes and ends; a supplier admin accepts, declines, sets disclosure."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case
from sqlalchemy.orm import aliased

from tracker import db
from tracker.labels import DISCLOSURE_LABELS, DISCLOSURE_SHORT, PARTNERSHIP_STATUS_LABELS
from tracker.models import Organization, Partnership
from tracker.partnerships import service
from tracker.partnerships.forms import DisclosureForm, ProposeForm
from tracker.tenancy import access, acting_org, acting_user, own_partnership_or_404, own_partnerships
from tracker.web.pagination import paginate

bp = Blueprint("partnerships", __name__, url_prefix="/partnerships")

REASONS = {
    "unknown": _l("No active supplier has this code."),
    "open": _l("A proposal or partnership with this supplier is in force already."),
    "not_proposed": _l("This proposal has been decided already."),
    "not_accepted": _l("This partnership is not in force."),
    "not_open": _l("This partnership has ended already."),
}
STATUS_ORDER = case({"proposed": 0, "accepted": 1, "declined": 2, "ended": 3}, value=Partnership.status)


def _listing(propose_form: ProposeForm | None = None, status: int = 200):
    counterpart = aliased(Organization)
    side = Partnership.supplier_id if acting_org().is_buyer else Partnership.buyer_id
    statement = (
        own_partnerships()
        .join(counterpart, counterpart.id == side)
        .order_by(STATUS_ORDER, counterpart.name, Partnership.proposed_at.desc())
    )
    page = paginate(db.session(), statement)
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
@access("buyer", "admin")
def propose():
    form = ProposeForm()
    if not form.validate_on_submit():
        return _listing(form, 422)
    session = db.session()
    try:
        partnership = service.propose(session, acting_org().id, form.supplier_code.data, acting_user().id)
    except service.PartnershipError as error:
        session.rollback()
        form.supplier_code.errors.append(REASONS[error.reason])
        return _listing(form, 422)
    session.commit()
    flash(_("Partnership proposed to %(name)s.", name=partnership.supplier.name), "success")
    return redirect(url_for("partnerships.index"))


def _change(partnership_id: int, change, done: str):
    """Apply `change(session, partnership)` to one of the acting organization's partnerships."""
    partnership = own_partnership_or_404(partnership_id)
    session = db.session()
    try:
        change(session, partnership)
    except service.PartnershipError as error:
        session.rollback()
        flash(REASONS[error.reason], "error")
    else:
        session.commit()
        other = partnership.supplier if acting_org().is_buyer else partnership.buyer
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
@access("supplier", "admin")
def accept(partnership_id: int):
    return _change_with_disclosure(
        partnership_id,
        lambda session, p, level: service.accept(session, p, level, acting_user().id),
        _("Partnership with %(name)s accepted."),
    )


@bp.post("/<int:partnership_id>/decline")
@access("supplier", "admin")
def decline(partnership_id: int):
    return _change(
        partnership_id,
        lambda session, p: service.decline(session, p, acting_user().id),
        _("Proposal of %(name)s declined."),
    )


@bp.post("/<int:partnership_id>/disclosure")
@access("supplier", "admin")
def disclosure(partnership_id: int):
    return _change_with_disclosure(
        partnership_id,
        lambda session, p, level: service.set_disclosure(session, p, level, acting_user().id),
        _("Disclosure for %(name)s changed; it applies from their next page."),
    )


@bp.post("/<int:partnership_id>/end")
@access("supplier", "admin")
def end(partnership_id: int):
    return _change(
        partnership_id,
        lambda session, p: service.end(session, p, acting_user().id),
        _("Partnership with %(name)s ended; they no longer see your data."),
    )


@bp.post("/<int:partnership_id>/withdraw")
@access("buyer", "admin")
def withdraw(partnership_id: int):
    return _change(
        partnership_id,
        lambda session, p: service.end(session, p, acting_user().id),
        _("Partnership with %(name)s ended."),
    )
