"""The audit trail's filter form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from tracker.training.forms import to_id
from tracker.web.forms import choices

ENTITY_LABELS = {
    "plan": _l("training plan"),
    "session": _l("training session"),
    "level": _l("skill level"),
    "engineer": _l("engineer"),
    "process": _l("process"),
    "user": _l("user"),
}
ACTION_LABELS = {"create": _l("created"), "update": _l("changed"), "assess": _l("assessed")}
FIELD_LABELS = {
    "name": _l("Name"),
    "employee_code": _l("Employee code"),
    "site": _l("Site"),
    "hired_on": _l("Hire date"),
    "retires_on": _l("Planned retirement date"),
    "status": _l("Status"),
    "code": _l("Code"),
    "category_id": _l("Category"),
    "criticality": _l("Criticality"),
    "required": _l("Required headcount R"),
    "lapse_months": _l("Lapses without practice after"),
    "engineer": _l("Engineer"),
    "process": _l("Process"),
    "level": _l("Level"),
    "trainee": _l("Trainee"),
    "trainer": _l("Trainer"),
    "trainer_id": _l("Trainer"),
    "from_level": _l("From level"),
    "target_level": _l("Target level"),
    "starts_on": _l("Start date"),
    "due_on": _l("Due date"),
    "notes": _l("Notes"),
    "plan": _l("Training plan"),
    "held_on": _l("Date"),
    "hours": _l("Hours"),
    "level_assessed": _l("Level assessed"),
    "email": _l("Email"),
    "role": _l("Role"),
    "active": _l("active"),
}


class AuditFilterForm(FlaskForm):
    """Narrow the trail to one kind of record, one user and a date range (sent by GET)."""

    class Meta:
        csrf = False

    entity = SelectField(
        _l("Record"),
        default="",
        choices=choices([("", _l("All records"))] + list(ENTITY_LABELS.items())),
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
