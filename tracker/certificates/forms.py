"""The forms of a certificate type and of an engineer's certificate."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from tracker.web.forms import choices, to_id

GRADES = ("特級", "1級", "2級", "3級", "単一等級", "基礎級")
"""The grades of 技能検定 (national trade skill tests), offered as suggestions: any text will do."""


class CertificateTypeForm(FlaskForm):
    name = StringField(_l("Certificate name"), validators=[DataRequired(), Length(max=200)])
    issuer = StringField(_l("Issuer"), validators=[Optional(), Length(max=200)])
    grade = StringField(
        _l("Grade"),
        validators=[Optional(), Length(max=100)],
        description=_l("Such as 特級, 1級, 2級 or 3級 of a 技能検定; empty for a licence without grades."),
    )
    validity_months = IntegerField(
        _l("Valid for (months)"),
        validators=[Optional(), NumberRange(min=1, max=600, message=_l("Enter 1 to 600 months."))],
        description=_l(
            "Empty when it does not expire. A certificate expires this long after its issue unless told."
        ),
    )
    required = BooleanField(
        _l("Required: a level on these processes counts only with a valid certificate of this type"),
    )
    process_ids = SelectMultipleField(
        _l("Processes it qualifies for"),
        coerce=to_id,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )

    def __init__(self, *args, processes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.process_ids.choices = choices((p.id, f"{p.code} · {p.name}") for p in processes)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.data.strip(),
            "issuer": (self.issuer.data or "").strip(),
            "grade": (self.grade.data or "").strip(),
            "validity_months": self.validity_months.data,
            "required": bool(self.required.data),
        }


class CertificateForm(FlaskForm):
    certificate_type_id = SelectField(_l("Certificate type"), coerce=to_id, validators=[DataRequired()])
    number = StringField(_l("Certificate number"), validators=[Optional(), Length(max=100)])
    issued_on = DateField(_l("Issued on"), validators=[DataRequired()])
    expires_on = DateField(
        _l("Expires on"),
        validators=[Optional()],
        description=_l("Empty: the type's validity from the issue date (no expiry if it has none)."),
    )
    document = FileField(_l("Document (PDF, JPEG or PNG)"))
    remove_document = BooleanField(_l("Remove the stored document"))

    def __init__(self, *args, kinds=(), max_mb: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        self.certificate_type_id.choices = choices((kind.id, kind.label) for kind in kinds)
        self.document.description = _l("A scan or photo of the certificate, at most %(mb)d MB.", mb=max_mb)

    def values(self) -> dict[str, Any]:
        return {
            "certificate_type_id": self.certificate_type_id.data,
            "number": (self.number.data or "").strip(),
            "issued_on": self.issued_on.data,
            "expires_on": self.expires_on.data,
        }
