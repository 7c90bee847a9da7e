"""The audit trail's filter form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from tracker.labels import AUDIT_ENTITY_LABELS
from tracker.web.forms import choices, to_id


class AuditFilterForm(FlaskForm):
    """Narrow the trail to one kind of record, one user and a date range (sent by GET)."""

    class Meta:
        csrf = False

    entity = SelectField(
        _l("Record"),
        default="",
        choices=choices([("", _l("All records"))] + list(AUDIT_ENTITY_LABELS.items())),
        invalid_choice_message=_l("Choose a kind of record from the list."),
    )
    user = SelectField(
        _l("User"), coerce=to_id, invalid_choice_message=_l("Choose one of your organization's users.")
    )
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])

    def __init__(self, *args, users: list[tuple[int, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.user.choices = choices([("", _l("All users"))] + list(users))

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end of the range cannot be before its start."))
