"""Forms of the partnerships area."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from tracker.web.forms import choices

DISCLOSURE_LABELS = {
    "aggregate": _l("Aggregate: scores, counts and bands only"),
    "pseudonymous": _l("Pseudonymous: people under stable aliases such as K-07"),
    "named": _l("Named: people under their names"),
}
DISCLOSURE_SHORT = {
    "aggregate": _l("aggregate"),
    "pseudonymous": _l("pseudonymous"),
    "named": _l("named"),
}
STATUS_LABELS = {
    "proposed": _l("proposed"),
    "accepted": _l("in force"),
    "declined": _l("declined"),
    "ended": _l("ended"),
}


class ProposeForm(FlaskForm):
    supplier_code = StringField(
        _l("Supplier code"),
        validators=[DataRequired(message=_l("Enter the supplier's code.")), Length(max=40)],
    )


class DisclosureForm(FlaskForm):
    disclosure = SelectField(
        _l("Disclosure"), choices=choices(DISCLOSURE_LABELS.items()), default="aggregate"
    )
