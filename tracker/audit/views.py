"""The audit trail (supplier admins): who created or changed which record, and when."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import Blueprint, render_template, request
from sqlalchemy import Select, false

from tracker import db
from tracker.audit.forms import AuditFilterForm
from tracker.labels import AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, FIELD_LABELS
from tracker.models import AuditEvent, User
from tracker.tenancy import access, scoped
from tracker.web.pagination import paginate

bp = Blueprint("audit", __name__, url_prefix="/audit")


def _narrowed(statement: Select, form: AuditFilterForm) -> Select:
    """`statement` limited to the form's record kind, user and date range (all optional)."""
    if form.entity.data:
        statement = statement.where(AuditEvent.entity == form.entity.data)
    if form.user.data:
        statement = statement.where(AuditEvent.user_id == form.user.data)
    if form.date_from.data:
        statement = statement.where(AuditEvent.at >= datetime.combine(form.date_from.data, time.min))
    if form.date_to.data:
        end = datetime.combine(form.date_to.data + timedelta(days=1), time.min)
        statement = statement.where(AuditEvent.at < end)
    return statement


@bp.get("/")
@access("supplier", "admin")
def index():
    users = db.session().scalars(scoped(User).order_by(User.name)).all()
    form = AuditFilterForm(request.args, users=[(u.id, u.name) for u in users])
    statement = scoped(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    valid = form.validate()
    statement = _narrowed(statement, form) if valid else statement.where(false())
    return render_template(
        "audit/index.html",
        form=form,
        page=paginate(db.session(), statement),
        entities=AUDIT_ENTITY_LABELS,
        actions=AUDIT_ACTION_LABELS,
        fields=FIELD_LABELS,
    ), (200 if valid else 422)
