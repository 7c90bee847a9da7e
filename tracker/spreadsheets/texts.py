"""The words of import and export: column labels, problem messages, template instructions."""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.labels import FIELD_LABELS, LEVEL_NAMES
from tracker.spreadsheets.layout import BUILTIN_ALIASES, ENGINEER_FIELDS, NOTATIONS
from tracker.spreadsheets.sheets import MAX_COLUMNS, MAX_ROWS

TABLE_LABELS = {
    "matrix": _l("Skills matrix"),
    "engineers": _l("Engineers"),
    "processes": _l("Processes"),
    "plans": _l("Training plans"),
    "sessions": _l("Training sessions"),
    "certificates": _l("Certificates"),
    "audit": _l("Audit trail"),
}

EXPORTS = {
    "matrix": _l("Skills matrix (importable layout)"),
    "engineers": _l("Engineers"),
    "processes": _l("Processes"),
    "plans": _l("Training plans"),
    "sessions": _l("Training sessions"),
    "certificates": _l("Certificates"),
}

PROBLEMS = {
    "no_header": _l(
        "No header row found: one of the first 30 rows must name the employee code and name columns "
        "(accepted headings such as 社員番号, 従業員No., ID, Employee code and 氏名, 作業者名, 社員名, Name: "
        "see the table on the import page). Or choose the header row below."
    ),
    "transposed": _l(
        "The engineers seem to be in columns and the processes in rows: the sheet was read turned around."
    ),
    "no_sheet": _l("Choose at least one sheet to import."),
    "choose_roles": _l(
        "Say which column holds the employee code and which the name (in the column choices below)."
    ),
    "no_heading": _l("This column has values but no heading: give it a heading or delete the column."),
    "duplicate_column": _l("This column repeats the column %(first)s: delete one of them."),
    "choose_category": _l("Choose a category for this new process."),
    "choose_process": _l("Choose one of your processes for this column."),
    "choose_action": _l("Choose what to do with this column."),
    "process_taken": _l("Another column of the file already fills this process."),
    "code_exists": _l(
        "A process with the code %(process_code)s already exists: use it or rename the heading."
    ),
    "missing_code": _l(
        "The employee code is missing in this row (its text is shown): add the code, or delete the row "
        "if it is not an engineer."
    ),
    "missing_name": _l("The name of a new engineer is missing."),
    "duplicate_code": _l("This employee code is already on row %(first)s: keep one of the two rows."),
    "code_on_other_sheet": _l(
        "This employee code is on sheet %(sheet)s row %(first)s with another name (%(name)s): correct one "
        "of them."
    ),
    "level_conflict": _l(
        "Another level for the same engineer and process is on sheet %(sheet)s row %(first)s: keep one."
    ),
    "too_long": _l("Too long: at most %(max)s characters."),
    "bad_date": _l(
        "Not a date: use an Excel date, text like 2026-04-01, or a Japanese era date like 令和5年4月1日 "
        "or R5.4.1."
    ),
    "retires_before_hire": _l("The retirement date must come after the hire date."),
    "bad_level": _l(
        "Not a level: 「%(symbol)s」 (%(codepoint)s) is none of the notations. Choose its level in the "
        "notation table below, or correct the cell."
    ),
    "looks_like": _l(
        "Not a level: 「%(symbol)s」 (%(codepoint)s) looks like %(like)s but is another character. "
        "Choose its level in the notation table below, or correct the cell."
    ),
    "legend_unsure": _l(
        "The file's legend gives a meaning Densho cannot place on the 0–4 scale: check the notation table "
        "below, choose a level for each symbol, and update the preview."
    ),
    "scale_unsure": _l(
        "The levels are numbers and none is 4: is 3 the top of a 3-step scale (3 = can teach) or U on the "
        "0–4 scale? Choose the scale in the notation table below and update the preview."
    ),
    "older_than_current": _l(
        "The current level was assessed on %(date)s, after the chosen assessment date: choose a later date."
    ),
    "formula_without_value": _l(
        "A formula without a saved value: open the file in Excel, save it, and upload it again."
    ),
}

SKIPPED = {
    "blank": _l("empty row"),
    "hidden": _l("hidden row: not imported (tick “Import hidden rows too” to import it)"),
    "legend": _l("legend (凡例): read as the file's notation"),
    "note": _l("note"),
    "totals": _l("totals or counts"),
    "stamp": _l("stamp or signature box"),
    "header": _l("the header repeated"),
    "section": _l("a heading inside the table (a team or line)"),
    "not_chosen": _l("sheet not chosen"),
    "no_header": _l("no header row (a cover or summary sheet?)"),
}

COLUMN_REASONS = {
    "hidden": _l("hidden column"),
    "not_process": _l("not a process (No., 備考, フリガナ, 年齢, counts …)"),
    "counting": _l("formulas counting other cells"),
    "ignored": _l("ignored"),
}

SCALES = {
    "standard": _l("0–4, ILUO and ◎ ○ △ ▲ × (Densho's standard)"),
    "three_step": _l("3-step numbers: 1 under supervision, 2 alone, 3 can teach"),
    "quarters": _l("Quarter circles: ○ none, ◔ I, ◑ L, ◕ U, ● O"),
}

SOURCES = {
    "scale": _l("the chosen scale"),
    "legend": _l("the file's legend"),
    "user": _l("your choice"),
    "unknown": _l("not known"),
}


def problem_message(code: str, params: dict) -> str:
    """A problem of the import plan, in the user's language."""
    return str(PROBLEMS[code]) % params if params else str(PROBLEMS[code])


def label(key: str) -> str:
    """A column or sheet label in the user's language."""
    return str(FIELD_LABELS.get(key) or TABLE_LABELS[key])


def skipped_reason(kind: str) -> str:
    return str(SKIPPED.get(kind) or COLUMN_REASONS.get(kind, kind))


def synonym_rows(locale: str) -> list[tuple[str, tuple[str, ...]]]:
    """(field label, the headings read as it), for the table on the import page: on a Japanese
    page the Japanese headings (the English ones are read too, and listed on the English page)."""
    rows = []
    for name in ENGINEER_FIELDS:
        aliases = BUILTIN_ALIASES[name]
        if locale == "ja":
            aliases = tuple(alias for alias in aliases if not alias.isascii() or len(alias) < 3)
        rows.append((str(FIELD_LABELS[name]), aliases))
    return rows


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
        _("Every sheet with a header row is imported (you may pick the sheets). Nothing is saved until you "
          "confirm the preview in Densho."),
        _("One row per engineer. The employee code and the name are required; the site, hire date and "
          "planned retirement date are optional. An empty optional cell keeps what Densho has."),
        _("One column per process. Keep the headings of the processes Densho knows; a new heading becomes "
          "a new process once you choose its category on the preview page."),
        _("Dates: an Excel date, text such as 2026-04-01, or a Japanese era date such as 令和5年4月1日 "
          "or R5.4.1."),
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
