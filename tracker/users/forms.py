from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length

from tracker.web.forms import choices

ROLE_LABELS = {
    "viewer": _l("viewer (reads)"),
    "editor": _l("editor (changes data)"),
    "admin": _l("admin (also manages users)"),
}


class InviteForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("Email"),
        validators=[DataRequired(), Email(message=_l("Enter a valid email address.")), Length(max=254)],
    )
    role = SelectField(_l("Role"), choices=choices(ROLE_LABELS.items()), default="viewer")


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=choices(ROLE_LABELS.items()))
