"""Forms of partner meetings: schedule and edit, agenda points, comments, action items, and the
supplier's confirmation of an action as a training plan, and how long a share link is valid."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from tracker import clock
from tracker.labels import ACTION_STATUS_LABELS, MEETING_KIND_LABELS, OWNER_SIDE_LABELS
from tracker.meetings.sharing import DEFAULT_DAYS, MAX_DAYS, MIN_DAYS
from tracker.training.forms import PlanForm
from tracker.web.forms import choices, to_id


def _optional_id(value: Any) -> int | None:
    return None if value in (None, "", "None") else to_id(value)


class _MeetingFields(FlaskForm):
    held_on = DateField(
        _l("Date"), default=clock.today, validators=[DataRequired(message=_l("Enter the date."))]
    )
    title = StringField(_l("Title"), validators=[DataRequired(message=_l("Enter a title.")), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=choices(MEETING_KIND_LABELS.items()), default="pulse")
    buyer_attendees = TextAreaField(
        _l("Buyer attendees"),
        validators=[Optional(), Length(max=2000)],
        description=_l("One per line; people without an account too."),
    )
    supplier_attendees = TextAreaField(
        _l("Supplier attendees"),
        validators=[Optional(), Length(max=2000)],
        description=_l("One per line; people without an account too."),
    )

    def values(self) -> dict[str, Any]:
        return {
            name: getattr(self, name).data
            for name in ("held_on", "title", "kind", "buyer_attendees", "supplier_attendees")
        }


class MeetingForm(_MeetingFields):
    """A new meeting: with one supplier, or several for a portfolio review."""

    suppliers = SelectMultipleField(
        _l("Suppliers"),
        coerce=to_id,
        validators=[DataRequired(message=_l("Choose at least one partner supplier."))],
        description=_l("One supplier, or several for a portfolio review."),
    )
    agenda = TextAreaField(
        _l("Agenda"), validators=[Optional(), Length(max=15000)], description=_l("One point per line.")
    )

    def __init__(self, *args, partners: list[tuple[int, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.suppliers.choices = choices(partners)

    def values(self) -> dict[str, Any]:
        return super().values() | {"suppliers": self.suppliers.data or [], "agenda": self.agenda.data or ""}


class MeetingEditForm(_MeetingFields):
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=20000)])

    def values(self) -> dict[str, Any]:
        return super().values() | {"notes": self.notes.data or ""}


class AgendaForm(FlaskForm):
    text = StringField(
        _l("Agenda point"), validators=[DataRequired(message=_l("Enter the point.")), Length(max=500)]
    )


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Comment"), validators=[DataRequired(message=_l("Enter a comment.")), Length(max=4000)]
    )


class ActionForm(FlaskForm):
    text = TextAreaField(
        _l("Agreed action"), validators=[DataRequired(message=_l("Enter the action.")), Length(max=2000)]
    )
    supplier_id = SelectField(_l("Supplier"), coerce=_optional_id)
    process_id = SelectField(_l("Process (optional)"), coerce=_optional_id)
    owner_side = SelectField(_l("Owner side"), choices=choices(OWNER_SIDE_LABELS.items()), default="supplier")
    owner_name = StringField(_l("Owner"), validators=[Optional(), Length(max=200)])
    due_on = DateField(_l("Due date"), validators=[Optional()])
    plan_requested = BooleanField(_l("Propose as a training plan (the supplier confirms it)"))

    def __init__(
        self, *args, suppliers: list[tuple[int, str]] = (), processes: list[tuple[int, str]] = (), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.supplier_id.choices = choices(suppliers)
        self.process_id.choices = choices([("", _l("No process"))] + list(processes))

    def values(self) -> dict[str, Any]:
        return {
            name: getattr(self, name).data
            for name in (
                "text",
                "supplier_id",
                "process_id",
                "owner_side",
                "owner_name",
                "due_on",
                "plan_requested",
            )
        }


class ActionStatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=choices(ACTION_STATUS_LABELS.items()))
    evidence = TextAreaField(_l("Closing evidence"), validators=[Optional(), Length(max=4000)])
    closed_on = DateField(_l("Closed on"), validators=[Optional()])

    def values(self) -> dict[str, Any]:
        return {"status": self.status.data, "evidence": self.evidence.data, "closed_on": self.closed_on.data}


class ActionPlanForm(PlanForm):
    """The supplier's confirmation of an action as a training plan: the process is the action's."""

    process_id = None

    def __init__(self, *args, trainees: list[tuple[int, str]] = (), **kwargs):
        super(PlanForm, self).__init__(*args, **kwargs)
        self.trainee_id.choices = choices([("", _l("Choose a trainee"))] + list(trainees))

    def values(self) -> dict[str, Any]:
        values = super(PlanForm, self).values()
        return values | {"trainee_id": self.trainee_id.data}


class ShareLinkForm(FlaskForm):
    days = IntegerField(
        _l("Valid for (days)"),
        default=DEFAULT_DAYS,
        validators=[
            DataRequired(message=_l("Enter how many days the link is valid.")),
            NumberRange(MIN_DAYS, MAX_DAYS, message=_l("A link is valid for 1 to 30 days.")),
        ],
    )
