"""The as-of date of a page: the `on` query argument, read the same way by every view that can
show a past date (the supplier overview, the heatmaps, the drill-down and the export)."""

from __future__ import annotations

from datetime import date

from flask import flash, request
from flask_babel import gettext as _

ARG = "on"


def as_of_arg(today: date, *, report: bool = True) -> date | None:
    """The past date that `?on=YYYY-MM-DD` asks for; None for today's view.

    Today itself is today's view. A malformed date, or one after today, is not used: with
    `report` the page says so (flashed), and today's view is shown, as for the overview's
    projection date. Requests a page makes for itself (the figure, the export) pass
    `report=False`, so that the message is not flashed twice.
    """
    raw = request.args.get(ARG, "").strip()
    if not raw:
        return None
    try:
        on = date.fromisoformat(raw)
    except ValueError:
        on = None
    if on is None or on > today:
        if report:
            flash(_("The as-of date must be a past date (YYYY-MM-DD); showing today."), "error")
        return None
    return on if on < today else None


def as_of_args(as_of: date | None) -> dict[str, str]:
    """The query argument that reproduces `as_of` (for links); empty for today."""
    return {ARG: as_of.isoformat()} if as_of else {}
