
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from tracker import clock
from tracker.labels import LEVEL_NAMES
from tracker.web.forms import choices


class LevelForm(FlaskForm):
    level = SelectField(
        _l("Level"),
        coerce=int,
        choices=choices(LEVEL_NAMES.items()),
        validate_choice=False,
        validators=[NumberRange(min=0, max=4, message=_l("The level must be 0, I, L, U or O (0 to 4)."))],
    )
    assessed_on = DateField(_l("Assessed on"), default=clock.today, validators=[DataRequired()])
    assessor = StringField(_l("Assessor"), validators=[Optional(), Length(max=200)])
    evidence = TextAreaField(_l("Evidence"), validators=[Optional(), Length(max=2000)])
    expires_on = DateField(_l("Certification expires on"), validators=[Optional()])
    next = HiddenField()

    def validate_assessed_on(self, field):
        if field.data and field.data > clock.today():
            raise ValidationError(_l("The assessment date cannot be in the future."))

    def validate_expires_on(self, field):
        if field.data and self.assessed_on.data and field.data <= self.assessed_on.data:
            raise ValidationError(_l("The expiry must come after the assessment date."))
