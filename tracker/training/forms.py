"""Forms of the training area: plans, sessions, the what-if, and the refusal messages."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FloatField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from tracker import clock, scoring
from tracker.labels import LEVEL_NAMES
from tracker.training.service import EDITABLE, MAX_HOURS
from tracker.web.forms import choices, to_id
from tracker.web.refusals import MESSAGES

NOT_OWN_ENGINEER = MESSAGES["not_own_engineer"]
NOT_OWN_PROCESS = MESSAGES["not_own_process"]
LEVEL_RANGE = MESSAGES["level_range"]
HOURS_RANGE = MESSAGES["hours_range"]


def _optional_level(value: Any) -> int | None:
    return None if value in (None, "", "None") else to_id(value)


TARGET_CHOICES = [(level, LEVEL_NAMES[level]) for level in (1, 2, 3, 4)]


class _PlanFields(FlaskForm):
    trainer_id = SelectField(
        _l("Trainer"),
        coerce=to_id,
        validators=[DataRequired(message=_l("Choose a trainer."))],
        invalid_choice_message=NOT_OWN_ENGINEER,
        description=_l("An active engineer at level O on the process on the start date."),
    )
    target_level = SelectField(
        _l("Target level"),
        coerce=to_id,
        choices=choices(TARGET_CHOICES),
        default=3,
        invalid_choice_message=LEVEL_RANGE,
    )
    starts_on = DateField(_l("Start date"), default=clock.today, validators=[DataRequired()])
    due_on = DateField(_l("Due date"), validators=[DataRequired()])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, trainers: list[tuple[int, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.trainer_id.choices = choices([("", _l("Choose a trainer"))] + list(trainers))

    def validate_due_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(MESSAGES["due_before_start"])

    def values(self) -> dict[str, Any]:
        values = {name: getattr(self, name).data for name in EDITABLE}
        return values | {"notes": (self.notes.data or "").strip()}


class PlanForm(_PlanFields):
    """A new plan: the trainee and process are chosen once and do not change afterwards."""

    trainee_id = SelectField(
        _l("Trainee"),
        coerce=to_id,
        validators=[DataRequired(message=_l("Choose a trainee."))],
        invalid_choice_message=NOT_OWN_ENGINEER,
    )
    process_id = SelectField(
        _l("Process"),
        coerce=to_id,
        validators=[DataRequired(message=_l("Choose a process."))],
        invalid_choice_message=NOT_OWN_PROCESS,
    )

    def __init__(
        self,
        *args,
        trainees: list[tuple[int, str]] = (),
        processes: list[tuple[int, str]] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.trainee_id.choices = choices([("", _l("Choose a trainee"))] + list(trainees))
        self.process_id.choices = choices([("", _l("Choose a process"))] + list(processes))

    def values(self) -> dict[str, Any]:
        return super().values() | {"trainee_id": self.trainee_id.data, "process_id": self.process_id.data}


class PlanEditForm(_PlanFields):
    """Changing an open plan's trainer, target, dates and notes."""


class SessionForm(FlaskForm):
    held_on = DateField(_l("Date"), default=clock.today, validators=[DataRequired()])
    hours = FloatField(_l("Hours"), validators=[InputRequired(message=_l("Enter the hours."))])
    content = TextAreaField(_l("Content"), validators=[Optional(), Length(max=2000)])
    level_assessed = SelectField(
        _l("Level assessed at the end"),
        coerce=_optional_level,
        choices=choices([("", _l("not assessed"))] + list(LEVEL_NAMES.items())),
        invalid_choice_message=LEVEL_RANGE,
    )
    assessor = StringField(_l("Assessor"), validators=[Optional(), Length(max=200)])

    def validate_held_on(self, field):
        if field.data and field.data > clock.today():
            raise ValidationError(MESSAGES["in_future"])

    def validate_hours(self, field):
        if field.data is not None and not 0 < field.data <= MAX_HOURS:
            raise ValidationError(HOURS_RANGE)

    def values(self) -> dict[str, Any]:
        return {
            "held_on": self.held_on.data,
            "hours": self.hours.data,
            "content": self.content.data,
            "level_assessed": self.level_assessed.data,
            "assessor": self.assessor.data,
        }


WHAT_IF_YEARS = 30  # how far ahead the what-if may look


class WhatIfForm(FlaskForm):
    """Which engineers leave, and on which day (a read-only question: sent by GET, no CSRF token)."""

    class Meta:
        csrf = False

    engineers = SelectMultipleField(
        _l("Engineers who leave"),
        coerce=int,
        invalid_choice_message=NOT_OWN_ENGINEER,
    )
    on = DateField(_l("If they leave on"), validators=[Optional()])

    def __init__(self, *args, engineers: list[tuple[int, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.engineers.choices = choices(engineers)

    def validate_on(self, field):
        if field.data is not None and not _within_what_if(field.data):
            raise ValidationError(
                _l("Choose a date from today to %(years)s years ahead.", years=WHAT_IF_YEARS)
            )

    def day(self) -> date:
        """The day asked about: the one chosen when it is within reach, else today."""
        chosen = self.on.data
        return chosen if chosen is not None and _within_what_if(chosen) else clock.today()


def _within_what_if(day: date) -> bool:
    today = clock.today()
    return today <= day <= scoring.subtract_months(today, -12 * WHAT_IF_YEARS)
