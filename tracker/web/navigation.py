"""The header menu: which areas each kind of organization and role sees."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user


@dataclass(frozen=True)
class Entry:
    endpoint: str
    label: object
    kind: str
    role: str = "viewer"


MENU = (
    Entry("suppliers.home", _l("Overview"), "supplier"),
    Entry("skills.matrix", _l("Skills matrix"), "supplier"),
    Entry("engineers.index", _l("Engineers"), "supplier"),
    Entry("processes.index", _l("Processes"), "supplier"),
    Entry("certificate_types.index", _l("Certificates"), "supplier"),
    Entry("training.index", _l("Training"), "supplier"),
    Entry("alerts.index", _l("Alerts"), "supplier"),
    Entry("heatmap.own", _l("Heatmap"), "supplier"),
    Entry("spreadsheets.index", _l("Import / export"), "supplier"),
    Entry("meetings.index", _l("Meetings"), "supplier"),
    Entry("partnerships.index", _l("Partners"), "supplier", "admin"),
    Entry("users.index", _l("Users"), "supplier", "admin"),
    Entry("audit.index", _l("Audit trail"), "supplier", "admin"),
    Entry("organization.settings", _l("Organization"), "supplier", "admin"),
    Entry("heatmap.index", _l("Heatmap"), "buyer"),
    Entry("meetings.index", _l("Meetings"), "buyer"),
    Entry("partnerships.index", _l("Partners"), "buyer"),
    Entry("users.index", _l("Users"), "buyer", "admin"),
    Entry("organization.settings", _l("Organization"), "buyer", "admin"),
)


def menu() -> list[Entry]:
    """The entries the logged-in user may open, among the areas this app has."""
    if not current_user.is_authenticated:
        return []
    kind = current_user.organization.kind
    return [
        entry
        for entry in MENU
        if entry.kind == kind
        and current_user.has_role(entry.role)
        and entry.endpoint in current_app.view_functions
    ]
