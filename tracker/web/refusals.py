"""Refusals of the services (`tracker.refusals.Refused`) in the user's language: one table of
messages, shown the same way on every page (on the form field concerned, or flashed)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from tracker.labels import ENGINEER_STATUS_LABELS, LEVEL_NAMES, level_symbol
from tracker.refusals import Refused
from tracker.spreadsheets.sheets import MAX_COLUMNS, MAX_ROWS

MESSAGES = {
    # records of one's own organization
    "not_own_engineer": _l("Choose one of your own engineers from the list."),
    "not_own_process": _l("Choose one of your own processes from the list."),
    "duplicate_employee_code": _l("Another engineer already has this employee code."),
    "duplicate_process_code": _l("Another process already has this code."),
    "required_below_two": _l("R must be between 2 and 50."),
    # dated engineer status
    "status_in_future": _l(
        "Status changes are recorded as they happen: the date cannot be after today (%(today)s)."
    ),
    "status_end_not_leave": _l("Only a leave has an end date."),
    "status_ends_before_start": _l("The leave cannot end before it starts (%(starts)s)."),
    "leave_still_running": _l(
        "A leave still running has no end date yet: leave it empty and set the engineer active "
        "when they are back."
    ),
    "status_overlap": _l(
        "These dates overlap the recorded period '%(status)s' from %(starts)s; nothing was changed."
    ),
    # certificates
    "duplicate_certificate_type": _l("Another certificate type already has this name and grade."),
    "required_without_process": _l("Choose the processes a required certificate is required on."),
    "certificate_type_in_use": _l(
        "Certificates of this type are recorded (%(count)s): delete them first, or keep the type."
    ),
    "not_own_certificate_type": _l("Choose one of your own certificate types from the list."),
    "issued_in_future": _l(
        "A certificate is recorded once issued: the date cannot be after today (%(today)s)."
    ),
    "expires_before_issue": _l("The expiry must come after the issue date (%(issued)s)."),
    "document_too_large": _l("The document is larger than %(limit)s MB."),
    "document_type": _l(
        "Only PDF, JPEG and PNG documents are accepted, and this file's content is none of them "
        "(whatever its name says)."
    ),
    # levels
    "level_range": _l("The level must be 0, I, L, U or O (0 to 4)."),
    "other_supplier": _l("The engineer and the process belong to different suppliers."),
    # training plans and sessions
    "trainee_left": _l("%(trainee)s has left the company and cannot start a plan."),
    "already_open": _l("%(trainee)s already has an open plan on %(process)s (due %(due)s)."),
    "target_not_above": _l("The target must be above the trainee's current level (%(level)s)."),
    "due_before_start": _l("The due date cannot be before the start date."),
    "start_after_session": _l("A session was logged on %(first)s, so the plan cannot start after it."),
    "trainee_is_trainer": _l("The trainee cannot be their own trainer."),
    "trainer_not_o": _l(
        "%(trainer)s is not at level O on %(process)s on %(day)s, so cannot train others on it."
    ),
    "plan_closed": _l("This plan is closed; nothing was changed."),
    "not_planned": _l("Only a planned plan can be started."),
    "target_not_reached": _l(
        "The trainee has not been assessed at the target level (%(level)s) yet: "
        "log a session that assesses it first."
    ),
    "before_plan": _l("The session cannot be dated before the plan starts (%(day)s)."),
    "in_future": _l("The session date cannot be in the future."),
    "hours_range": _l("Hours must be more than 0 and at most 24."),
    # the organization's settings
    "unknown_time_zone": _l("Choose a time zone from the list."),
    "too_many_sites": _l("At most %(limit)s sites."),
    "site_too_long": _l("A site name has at most %(limit)s characters."),
    # partnerships
    "unknown_supplier": _l("No active supplier has this code."),
    "partnership_open": _l("A proposal or partnership with this supplier is in force already."),
    "not_proposed": _l("This proposal has been decided already."),
    "not_accepted": _l("This partnership is not in force."),
    "not_open": _l("This partnership has ended already."),
    "unknown_disclosure": _l("Choose one of the listed disclosure levels."),
    # partner meetings
    "no_supplier": _l("Choose at least one partner supplier."),
    "not_partner": _l("Choose suppliers you have a partnership in force with."),
    "title_required": _l("Enter a title."),
    "unknown_kind": _l("Choose one of the listed kinds of meeting."),
    "date_required": _l("Enter the date."),
    "agenda_too_long": _l("An agenda holds at most %(limit)s points."),
    "agenda_point_too_long": _l("An agenda point is at most 500 characters long."),
    "meeting_closed": _l("This meeting is closed; its record cannot be changed."),
    "meeting_ahead": _l("This meeting is on %(day)s: it can be closed once it has taken place."),
    "point_required": _l("Enter the point."),
    "comment_required": _l("Enter a comment."),
    "comment_too_long": _l("A comment is at most 4000 characters long."),
    "action_text_required": _l("Enter the action."),
    "action_supplier": _l("Choose one of the meeting's suppliers."),
    "action_process": _l("Choose a process of the action's supplier."),
    "owner_side": _l("Choose who owns the action: buyer or supplier."),
    "plan_needs_process": _l("Only an action on a process can become a training plan."),
    "action_status": _l("Choose one of the listed statuses."),
    "evidence_required": _l("Say what shows the action was done (closing evidence)."),
    "not_own_action": _l("Only the supplier the action concerns can confirm it as a training plan."),
    "action_has_plan": _l("This action has a training plan already."),
    "action_closed": _l("This action is closed; reopen it first."),
    "share_days": _l("A link is valid for %(low)s to %(high)s days."),
    "share_no_partner": _l("None of this meeting's suppliers is a partner any more: a link shows nothing."),
    # users and passwords
    "password_short": _l(
        "Choose a password of at least %(min)d characters; a phrase of several words is easy to remember."
    ),
    "password_long": _l("Choose a password of at most %(max)d characters."),
    "password_common": _l("This password is too common or too easy to guess; choose another."),
    "password_context": _l(
        "This password is made of your name, your email or the product's name; choose another."
    ),
    "duplicate_email": _l("A user with this email exists already."),
    "self_change": _l("You cannot change your own role or deactivate yourself."),
    # files to import
    "file_type": _l("Only .xlsx, .xlsm and .csv files can be imported."),
    "not_xlsx": _l("This is not a valid .xlsx file. Save it from Excel as an .xlsx workbook."),
    "too_many_parts": _l("This workbook has too many parts to be imported."),
    "too_large_unpacked": _l("This workbook is too large once unpacked."),
    "xml_entities": _l("This workbook contains XML entity declarations and was refused."),
    "too_heavy": _l(
        "This workbook holds more cells and text than one import reads (8 MB unpacked): delete unused "
        "sheets, rows and columns, or split it into several files."
    ),
    "too_many_sheets": _l("The workbook has more than 30 sheets: split it into several files."),
    "too_many_rows": _l("The sheet has more than %(rows)s rows.", rows=MAX_ROWS),
    "too_many_columns": _l("The sheet has more than %(columns)s columns.", columns=MAX_COLUMNS),
    "encoding": _l("The CSV file is neither UTF-8 nor Shift_JIS text."),
    "unreadable": _l("The file could not be read as a spreadsheet."),
}


def message(refused: Refused) -> str:
    """The user's-language sentence for a refusal; dates in ISO form, levels as ILUO letters."""
    params: dict[str, Any] = {}
    for name, value in refused.params.items():
        if isinstance(value, date):
            value = value.isoformat()
        elif name == "level" and value in LEVEL_NAMES:
            value = level_symbol(value)
        elif name == "status" and value in ENGINEER_STATUS_LABELS:
            value = ENGINEER_STATUS_LABELS[value]
        params[name] = value
    text = str(MESSAGES[refused.code])
    return text % params if params else text


def show_on(form: FlaskForm, refused: Refused) -> None:
    """Put the refusal on its field, or on the whole form when it concerns no field of it."""
    text = message(refused)
    field = getattr(form, refused.field, None) if refused.field else None
    if field is None:
        form.form_errors.append(text)
    else:
        field.errors = [*field.errors, text]


def flash_refusal(refused: Refused) -> None:
    """Show the refusal at the top of the next page."""
    flash(message(refused), "error")
