from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from tracker.labels import CRITICALITY_LABELS
from tracker.scoring_sql import LAPSE_CHOICES
from tracker.web.forms import choices


class ProcessForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)])
    name = StringField(_l("Process name"), validators=[DataRequired(), Length(max=200)])
    category_id = SelectField(_l("Category"), coerce=int, validators=[DataRequired()])
    criticality = SelectField(_l("Criticality"), choices=choices(CRITICALITY_LABELS.items()))
    required = IntegerField(
        _l("Required headcount R"),
        validators=[Optional(), NumberRange(min=2, max=50, message=_l("R must be between 2 and 50."))],
        description=_l("Leave empty for the default: 3 for A, 2 for B and C."),
    )
    site = StringField(_l("Site"), validators=[Optional(), Length(max=100)])
    lapse_months = SelectField(
        _l("Lapses without practice after"),
        coerce=lambda value: int(value) if value not in (None, "", "None") else None,
        description=_l("A level not practised for this long stops counting."),
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.category_id.choices = choices((c.id, c.label) for c in categories)
        self.lapse_months.choices = choices(
            [(None, _l("never"))] + [(months, _l("%(num)d months", num=months)) for months in LAPSE_CHOICES]
        )
