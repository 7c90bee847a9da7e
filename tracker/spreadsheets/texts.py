"""The words of import and export: column labels, problem messages, template instructions."""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.labels import FIELD_LABELS, LEVEL_NAMES
from tracker.spreadsheets.layout import ENGINEER_FIELDS, NOTATIONS
from tracker.spreadsheets.sheets import MAX_COLUMNS, MAX_ROWS

TABLE_LABELS = {
    "matrix": _l("Skills matrix"),
    "engineers": _l("Engineers"),
    "processes": _l("Processes"),
    "plans": _l("Training plans"),
    "sessions": _l("Training sessions"),
    "audit": _l("Audit trail"),
}

EXPORTS = {
    "matrix": _l("Skills matrix (importable layout)"),
    "engineers": _l("Engineers"),
    "processes": _l("Processes"),
    "plans": _l("Training plans"),
    "sessions": _l("Training sessions"),
}

PROBLEMS = {
    "no_header": _l(
        "No header row found: one of the first 10 rows must name the employee code and name columns."
    ),
    "no_heading": _l("This column has values but no heading."),
    "duplicate_column": _l("This column repeats the column %(first)s."),
    "choose_category": _l("Choose a category for this new process."),
    "choose_process": _l("Choose one of your processes for this column."),
    "choose_action": _l("Choose what to do with this column."),
    "process_taken": _l("Another column of the file already fills this process."),
    "code_exists": _l(
        "A process with the code %(process_code)s already exists: use it or rename the heading."
    ),
    "missing_code": _l("The employee code is missing."),
    "missing_name": _l("The name of a new engineer is missing."),
    "duplicate_code": _l("This employee code is already on row %(first)s."),
    "too_long": _l("Too long: at most %(max)s characters."),
    "bad_date": _l("Not a date: use an Excel date or text like 2026-04-01."),
    "retires_before_hire": _l("The retirement date must come after the hire date."),
    "bad_level": _l("Not a level: use 0–4, I/L/U/O or ◎ ○ △ ▲ × (see the table on the import page)."),
    "older_than_current": _l(
        "The current level was assessed on %(date)s, after the chosen assessment date: choose a later date."
    ),
    "too_many_changes": _l(
        "More than %(max)s level changes in one import: split the file into smaller ones."
    ),
    "formula_without_value": _l(
        "A formula without a saved value: open the file in Excel, save it, and upload it again."
    ),
}

def problem_message(code: str, params: dict) -> str:
    """A problem of the import plan, in the user's language."""
    return str(PROBLEMS[code]) % params if params else str(PROBLEMS[code])


def label(key: str) -> str:
    """A column or sheet label in the user's language."""
    return str(FIELD_LABELS.get(key) or TABLE_LABELS[key])


def heading_aliases() -> dict[str, set[str]]:
    """The engineer column headings the app writes, in every language it speaks."""
    aliases: dict[str, set[str]] = {name: set() for name in ENGINEER_FIELDS}
    for language in current_app.config["LANGUAGES"]:
        with force_locale(language):
            for name in ENGINEER_FIELDS:
                aliases[name].add(str(FIELD_LABELS[name]))
    return aliases


def notation_rows() -> list[tuple[int, str, tuple[str, ...]]]:
    """(level, its name, the notations read as that level), for the table on the import page."""
    return [(level, str(LEVEL_NAMES[level]), symbols) for level, symbols in NOTATIONS]


def instructions() -> list[str]:
    """The lines of the template's instructions sheet, in the user's language."""
    lines = [
        _("How to fill in this skills matrix"),
        _("Only the first sheet is imported. Nothing is saved until you confirm the preview in Densho."),
        _("One row per engineer. The employee code and the name are required; the site, hire date and "
          "planned retirement date are optional. An empty optional cell keeps what Densho has."),
        _("One column per process. Keep the headings of the processes Densho knows; a new heading becomes "
          "a new process once you choose its category on the preview page."),
        _("Dates: an Excel date, or text such as 2026-04-01."),
        _("Levels: one of the notations below. An empty cell leaves the level as it is."),
    ]  # fmt: skip
    for _level, name, symbols in notation_rows():
        lines.append(_("%(name)s: %(symbols)s", name=name, symbols="  ".join(symbols)))
    lines.append(_("Letters and digits may also be written in lower case or full width."))
    lines.append(
        _(
            "At most %(rows)s rows and %(columns)s columns; files up to 5 MB.",
            rows=MAX_ROWS,
            columns=MAX_COLUMNS,
        )
    )
    return lines
