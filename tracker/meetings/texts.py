"""The meeting's words in the user's language: the standard agenda, and "why red" per process."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from tracker.labels import level_symbol
from tracker.meetings.board import Line


def standard_agenda() -> list[str]:
    """The agenda a new meeting starts from (editable)."""
    return [
        _("Previous actions"),
        _("Changes since the last meeting"),
        _("Critical processes and key persons"),
        _("Training plans due"),
        _("Risks and continuity"),
        _("Next steps"),
    ]


def _month(iso_day: str) -> str:
    return iso_day[:7]


def why_red(line: Line, persons: dict[int, str]) -> str:
    """Why a process is red, in words, from the board's facts only (within the disclosure:
    persons appear only where `persons` labels them, else as counts).

    e.g. "1 qualified person (of R = 3), retiring 2027-06; nobody can teach it; plan due 2027-06 for U".
    """
    parts = []
    if line.qualified == 0:
        first = _("nobody qualified (R = %(required)d)", required=line.required)
    else:
        first = ngettext(
            "%(num)d qualified person (of R = %(required)d)",
            "%(num)d qualified people (of R = %(required)d)",
            line.qualified,
            required=line.required,
        )
        named = [persons[pid] for pid in line.key_persons if pid in persons]
        if named:
            first += " · " + _("key: %(names)s", names=", ".join(named))
        if line.retiring:
            months = ", ".join(_month(day) for day in line.retiring)
            if line.qualified == 1 and len(line.retiring) == 1:
                first += ", " + _("retiring %(month)s", month=months)
            else:
                first += ", " + ngettext(
                    "%(num)d retiring (%(months)s)",
                    "%(num)d retiring (%(months)s)",
                    len(line.retiring),
                    months=months,
                )
    parts.append(first)
    if line.qualified and line.trainers == 0:
        parts.append(_("nobody can teach it"))
    if line.plans:
        parts.extend(
            _("plan due %(month)s for %(level)s", month=_month(due), level=level_symbol(target))
            for due, target in line.plans
        )
    else:
        parts.append(_("no training plan"))
    return "; ".join(parts)
