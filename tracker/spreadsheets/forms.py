"""The upload form and the preview's mapping and confirmation form."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateField, FieldList, Form, FormField, SelectField
from wtforms.validators import DataRequired, ValidationError

from tracker import clock
from tracker.labels import CRITICALITY_LABELS, FIELD_LABELS
from tracker.spreadsheets.imports import Choice
from tracker.spreadsheets.layout import ENGINEER_FIELDS, Column
from tracker.spreadsheets.notation import SCALES, Notation
from tracker.spreadsheets.sheets import EXTENSIONS
from tracker.web.forms import choices


class UploadForm(FlaskForm):
    file = FileField(
        _l("Skills matrix file (.xlsx, .xlsm or .csv)"),
        validators=[
            FileRequired(_l("Choose a file to import.")),
            FileAllowed(EXTENSIONS, _l("Only .xlsx, .xlsm and .csv files can be imported.")),
        ],
    )


def _optional_id(value: Any) -> int | None:
    return int(value) if value not in (None, "", "None") else None


class ColumnForm(Form):
    """What to do with one column that matched no process."""

    action = SelectField(_l("Action"), default="new")
    category_id = SelectField(_l("Category"), coerce=_optional_id)
    criticality = SelectField(_l("Criticality"), choices=choices(CRITICALITY_LABELS.items()), default="A")

    def choice(self) -> Choice:
        if (self.action.data or "").isdigit():
            return Choice("map", process_id=int(self.action.data))
        if (self.action.data or "").startswith("field:"):
            return Choice("field", role=self.action.data.removeprefix("field:"))
        return Choice(self.action.data, category_id=self.category_id.data, criticality=self.criticality.data)


class ConfirmForm(FlaskForm):
    assessed_on = DateField(
        _l("Date of the imported assessments"), default=clock.today, validators=[DataRequired()]
    )

    def validate_assessed_on(self, field):
        if field.data and field.data > clock.today():
            raise ValidationError(_l("The assessment date cannot be in the future."))


def confirm_form(
    columns: Sequence[Column],
    processes: Sequence[tuple[int, str]],
    categories: Sequence[tuple[int, str]],
    submitted: bool = False,
) -> ConfirmForm:
    """The confirmation form with one mapping entry per unmatched column, in the file's order.

    Unless `submitted`, the entries hold the defaults: a new process in the guessed category.
    """

    class Form_(ConfirmForm):
        mapping = FieldList(FormField(ColumnForm), min_entries=len(columns), max_entries=len(columns))

    data = {
        "mapping": [
            {"category_id": column.category_guess, "action": "ignore" if column.ignore else "new"}
            for column in columns
        ]
    }
    form = Form_() if submitted else Form_(formdata=None, data=data)
    actions = [("new", _l("Create a new process")), ("ignore", _l("Ignore this column"))]
    actions += [
        (str(process_id), _l("Use the existing process %(name)s", name=name))
        for process_id, name in processes
    ]
    actions += [
        (f"field:{name}", _l("Engineer field: %(field)s", field=FIELD_LABELS[name]))
        for name in ENGINEER_FIELDS
    ]
    for entry in form.mapping.entries:
        entry.form.action.choices = choices(actions)
        entry.form.category_id.choices = choices([(None, _l("Choose a category"))] + list(categories))
    return form


def column_choices(form: ConfirmForm, columns: Sequence[Column]) -> dict[int, Choice]:
    """The choice made for each unmatched column, by column index."""
    return {
        column.key: entry.form.choice() for column, entry in zip(columns, form.mapping.entries, strict=False)
    }


def _hex(text: str) -> str:
    return text.encode().hex()


def symbol_field(symbol: str) -> str:
    """The name of the notation table's choice for one symbol of the file."""
    return f"symbol-{_hex(symbol)}"


def header_field(sheet: str) -> str:
    """The name of the header-row choice of a sheet without a recognised header."""
    return f"header-{_hex(sheet)}"


def decisions(formdata: Mapping | None) -> dict[str, Any]:
    """The preview's other choices, from the posted form (the defaults without one): the notation,
    hidden rows, the sheets and whether the notation was shown and confirmed."""
    if formdata is None:
        return {}
    scale = formdata.get("scale", "standard")
    chosen: dict[str, int | None] = {}
    for name in formdata:
        if name.startswith("symbol-") and formdata.get(name, "") in ("0", "1", "2", "3", "4"):
            try:
                chosen[bytes.fromhex(name.removeprefix("symbol-")).decode()] = int(formdata[name])
            except ValueError:
                continue
    return {
        "notation": Notation(scale if scale in SCALES else "standard", chosen=chosen),
        "include_hidden": bool(formdata.get("include_hidden")),
        "sheets": frozenset(formdata.getlist("sheet")) if formdata.get("sheets_shown") else None,
        "notation_confirmed": bool(formdata.get("notation_shown")),
    }


def header_rows(formdata: Mapping | None, sheets: Sequence[str]) -> dict[str, int]:
    """The header row the user chose for each sheet, by sheet name."""
    chosen = {}
    for sheet in sheets:
        value = (formdata or {}).get(header_field(sheet), "")
        if str(value).isdigit() and int(value) > 0:
            chosen[sheet] = int(value)
    return chosen
