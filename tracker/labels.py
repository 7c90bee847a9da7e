"""The vocabulary as the user reads it: one label per code, translated once (Flask-Babel).

Pages, figures, exports and forms take their words from here: the bands, the ILUO levels, the
statuses of engineers, plans and partnerships, disclosure, criticality, roles, and the audit
trail's records, actions, fields and values. `code_name` is how a process (or any coded record)
is named in one line.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from tracker.models import processes
from tracker.models.skills import LEVEL_LETTERS

code_name = processes.code_name  # defined with the model, so that exports (no Flask) name alike

BAND_LABELS = {
    "critical": _l("critical"),
    "high": _l("high"),
    "watch": _l("watch"),
    "covered": _l("covered"),
}

LEVEL_NAMES = {
    0: _l("0 · none"),
    1: _l("I · in training"),
    2: _l("L · works under supervision"),
    3: _l("U · works alone to standard"),
    4: _l("O · can teach others"),
}

ENGINEER_STATUS_LABELS = {"active": _l("active"), "leave": _l("on leave"), "left": _l("left")}

PLAN_STATUS_LABELS = {
    "planned": _l("planned"),
    "in_progress": _l("in progress"),
    "done": _l("done"),
    "cancelled": _l("cancelled"),
}

PARTNERSHIP_STATUS_LABELS = {
    "proposed": _l("proposed"),
    "accepted": _l("in force"),
    "declined": _l("declined"),
    "ended": _l("ended"),
}

MEETING_KIND_LABELS = {
    "pulse": _l("monthly pulse"),
    "quarterly": _l("quarterly review"),
    "escalation": _l("escalation"),
}
MEETING_STATUS_LABELS = {"scheduled": _l("scheduled"), "closed": _l("closed")}
SHARE_LINK_STATE_LABELS = {"active": _l("active"), "expired": _l("expired"), "revoked": _l("revoked")}
ACTION_STATUS_LABELS = {"open": _l("open"), "done": _l("done"), "dropped": _l("dropped")}
ACTION_STATE_LABELS = {  # how an action stands (tracker.meetings.service.state)
    "on_time": _l("delivered on time"),
    "late": _l("delivered late"),
    "open": _l("open"),
    "overdue": _l("overdue"),
    "dropped": _l("dropped"),
}
OWNER_SIDE_LABELS = {"buyer": _l("buyer"), "supplier": _l("supplier")}

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

CRITICALITY_LABELS = {
    "A": _l("A · critical"),
    "B": _l("B · important"),
    "C": _l("C · standard"),
}

ROLE_LABELS = {
    "viewer": _l("viewer (reads)"),
    "editor": _l("editor (changes data)"),
    "admin": _l("admin (also manages users)"),
}

# Every field of a record as a column heading, an audit detail or a form label.
FIELD_LABELS = {
    "name": _l("Name"),
    "employee_code": _l("Employee code"),
    "site": _l("Site"),
    "hired_on": _l("Hire date"),
    "retires_on": _l("Planned retirement date"),
    "status": _l("Status"),
    "status_from": _l("Status from"),
    "status_to": _l("Leave until"),
    "code": _l("Code"),
    "process_name": _l("Process name"),
    "category": _l("Category"),
    "category_id": _l("Category"),
    "criticality": _l("Criticality"),
    "required": _l("Required headcount R"),
    "lapse_months": _l("Lapses without practice after (months)"),
    "engineer": _l("Engineer"),
    "process": _l("Process"),
    "level": _l("Level"),
    "plan": _l("Training plan"),
    "plan_id": _l("Plan number"),
    "trainee": _l("Trainee"),
    "trainee_code": _l("Trainee's employee code"),
    "trainer": _l("Trainer"),
    "trainer_id": _l("Trainer"),
    "from_level": _l("From level"),
    "target_level": _l("Target level"),
    "starts_on": _l("Start date"),
    "due_on": _l("Due date"),
    "notes": _l("Notes"),
    "held_on": _l("Held on"),
    "hours": _l("Hours"),
    "content": _l("Content"),
    "level_assessed": _l("Level assessed"),
    "assessor": _l("Assessor"),
    "email": _l("Email"),
    "role": _l("Role"),
    "active": _l("active"),
    "session_generation": _l("Sessions ended (generation)"),
    "supplier": _l("Supplier"),
    "disclosure": _l("Disclosure"),
    "at": _l("Time (UTC)"),
    "user": _l("User"),
    "action": _l("Action"),
    "entity": _l("Record"),
    "entity_id": _l("Record number"),
    "changes": _l("Changes"),
    "title": _l("Title"),
    "kind": _l("Kind"),
    "text": _l("Agreed action"),
    "owner_side": _l("Owner side"),
    "owner_name": _l("Owner"),
    "evidence": _l("Closing evidence"),
    "closed_on": _l("Closed on"),
    "training_plan": _l("Training plan"),
    "buyer_attendees": _l("Buyer attendees"),
    "supplier_attendees": _l("Supplier attendees"),
    "expires_at": _l("Expires"),
    "issuer": _l("Issuer"),
    "grade": _l("Grade"),
    "validity_months": _l("Valid for (months)"),
    "processes": _l("Processes"),
    "certificate_type": _l("Certificate type"),
    "certificate_type_id": _l("Certificate type"),
    "number": _l("Certificate number"),
    "issued_on": _l("Issued on"),
    "expires_on": _l("Expires on"),
    "document": _l("Document"),
    "certificate_name": _l("Certificate name"),
    "required_on": _l("Required on"),
}

AUDIT_ENTITY_LABELS = {
    "plan": _l("training plan"),
    "session": _l("training session"),
    "level": _l("skill level"),
    "engineer": _l("engineer"),
    "process": _l("process"),
    "user": _l("user"),
    "partnership": _l("partnership"),
    "meeting": _l("partner meeting"),
    "action": _l("action item"),
    "share_link": _l("share link"),
    "certificate_type": _l("certificate type"),
    "certificate": _l("certificate"),
}
AUDIT_ACTION_LABELS = {
    "create": _l("created"),
    "update": _l("changed"),
    "assess": _l("assessed"),
    "propose": _l("made a proposal"),
    "accept": _l("accepted"),
    "decline": _l("declined"),
    "disclosure": _l("changed the disclosure"),
    "end": _l("ended"),
    "schedule": _l("scheduled"),
    "close": _l("closed"),
    "revoke": _l("revoked"),
    "delete": _l("deleted"),
}
# A field whose label depends on the record: a process's name is not a person's (氏名).
AUDIT_FIELD_LABELS = {
    ("process", "name"): FIELD_LABELS["process_name"],
    ("certificate_type", "name"): _l("Certificate name"),
    ("certificate_type", "required"): _l("Required"),
}
YES_NO_LABELS = {True: _l("yes"), False: _l("no")}
LEVEL_FIELDS = ("level", "from_level", "target_level", "level_assessed")
# The labels of an audit event's values, by (record, field).
AUDIT_VALUE_LABELS: dict[tuple[str, str], dict] = {
    ("engineer", "status"): ENGINEER_STATUS_LABELS,
    ("plan", "status"): PLAN_STATUS_LABELS,
    ("partnership", "status"): PARTNERSHIP_STATUS_LABELS,
    ("partnership", "disclosure"): DISCLOSURE_SHORT,
    ("process", "criticality"): CRITICALITY_LABELS,
    ("user", "role"): ROLE_LABELS,
    ("meeting", "status"): MEETING_STATUS_LABELS,
    ("meeting", "kind"): MEETING_KIND_LABELS,
    ("action", "status"): ACTION_STATUS_LABELS,
    ("action", "owner_side"): OWNER_SIDE_LABELS,
} | {(entity, field): LEVEL_NAMES for entity in ("plan", "session", "level") for field in LEVEL_FIELDS}


def audit_field(entity: str, field: str) -> Any:
    """An audit event's field as the user reads it, for that kind of record."""
    return AUDIT_FIELD_LABELS.get((entity, field)) or FIELD_LABELS.get(field, field)


def audit_value(entity: str, field: str, value: Any) -> Any:
    """An audit event's value as the user reads it: a label where the code has one (yes or no
    for a flag, the ILUO name for a level)."""
    if isinstance(value, bool):
        return YES_NO_LABELS[value]
    labels = AUDIT_VALUE_LABELS.get((entity, field))
    if labels is None:
        return value
    return labels.get(value, value)


def level_symbol(level: int) -> str:
    """The ILUO symbol of a level ("-" for 0)."""
    return LEVEL_LETTERS[level]
