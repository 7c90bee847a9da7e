from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from tracker.labels import ENGINEER_STATUS_LABELS
from tracker.web.forms import choices


class EngineerForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    employee_code = StringField(_l("Employee code"), validators=[DataRequired(), Length(max=40)])
    site = StringField(_l("Site"), validators=[Optional(), Length(max=100)])
    hired_on = DateField(_l("Hire date"), validators=[Optional()])
    retires_on = DateField(_l("Planned retirement date"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=choices(ENGINEER_STATUS_LABELS.items()), default="active")
    status_from = DateField(_l("Status from"), validators=[Optional()])
    status_to = DateField(_l("Leave until"), validators=[Optional()])

    def validate_retires_on(self, field):
        if field.data and self.hired_on.data and field.data <= self.hired_on.data:
            raise ValidationError(_l("The retirement date must come after the hire date."))
