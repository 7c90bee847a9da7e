"""The audit trail (supplier admins): who created or changed which record, and when."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from tracker import db
from tracker.audit import service
from tracker.audit.forms import AuditFilterForm
from tracker.labels import AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS
from tracker.users import service as users_service
from tracker.web import display_zone
from tracker.web.access import access, current_scope
from tracker.web.pagination import Page, paginate

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.get("/")
@access("supplier", "admin")
def index():
    users = users_service.users(db.session(), current_scope())
    form = AuditFilterForm(request.args, users=[(u.id, u.name) for u in users])
    valid = form.validate()
    statement = service.listing(
        current_scope(),
        entity=form.entity.data,
        user_id=form.user.data,
        date_from=form.date_from.data,
        date_to=form.date_to.data,
        zone=display_zone(),
    )
    return render_template(
        "audit/index.html",
        form=form,
        page=paginate(db.session(), statement) if valid else Page.empty(),
        entities=AUDIT_ENTITY_LABELS,
        actions=AUDIT_ACTION_LABELS,
        zone=display_zone().key,
    ), (200 if valid else 422)
