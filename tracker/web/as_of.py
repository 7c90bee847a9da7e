"""The as-of date of a page: the `on` query argument, read the same way by every view that can
show a past date (the supplier overview, the heatmaps, the drill-down, the export, a meeting)."""

from __future__ import annotations

from datetime import date

from flask import flash, request
from flask_babel import gettext as _

from tracker import clock

ARG = "on"


def requested_day(today: date, message: str | None) -> date | None:
    """The day `?on=YYYY-MM-DD` asks for, from `clock.EARLIEST` to today; None when absent.

    A malformed date, or one outside that range, is not used: with a `message` the page says so
    (flashed) and shows its default day.
    """
    raw = request.args.get(ARG, "").strip()
    if not raw:
        return None
    try:
        on = date.fromisoformat(raw)
    except ValueError:
        on = None
    if on is None or not clock.EARLIEST <= on <= today:
        if message:
            flash(message, "error")
        return None
    return on


def as_of_arg(today: date, *, report: bool = True) -> date | None:
    """The past date that `?on=YYYY-MM-DD` asks for; None for today's view.

    Today itself is today's view. A malformed date, or one after today, is not used: with
    `report` the page says so (flashed), and today's view is shown, as for the overview's
    projection date. Requests a page makes for itself (the figure, the export) pass
    `report=False`, so that the message is not flashed twice.
    """
    message = _("The as-of date must be a past date (YYYY-MM-DD); showing today.") if report else None
    on = requested_day(today, message)
    return on if on is not None and on < today else None


def as_of_args(as_of: date | None) -> dict[str, str]:
    """The query argument that reproduces `as_of` (for links); empty for today."""
    return {ARG: as_of.isoformat()} if as_of else {}
