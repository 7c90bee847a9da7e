"""Forms of the partnerships area."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from tracker.labels import DISCLOSURE_LABELS
from tracker.web.forms import choices


class ProposeForm(FlaskForm):
    supplier_code = StringField(
        _l("Supplier code"),
        validators=[DataRequired(message=_l("Enter the supplier's code.")), Length(max=40)],
    )


class DisclosureForm(FlaskForm):
    disclosure = SelectField(
        _l("Disclosure"), choices=choices(DISCLOSURE_LABELS.items()), default="aggregate"
    )
