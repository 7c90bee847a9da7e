"""Today's date as the application sees it: the one place pages, forms and the CLI read the clock.

`TODAY` in the configuration fixes it (tests pin a date, so nothing flakes across midnight);
otherwise it is the system's date. Services never read the clock: they are given the date.
Times are stored in UTC and shown in the reader's organization's zone (`Organization.timezone`),
or outside an organization in `config["DISPLAY_TIMEZONE"]`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

EARLIEST = date(1900, 1, 1)
"""No view of the data is asked for before this day (the scoring's horizon reaches years back)."""


def today() -> date:
    """The application's today: `config["TODAY"]` when set, else the system date."""
    if has_app_context():
        fixed = current_app.config.get("TODAY")
        if fixed is not None:
            return fixed
    return date.today()


def utcnow() -> datetime:
    """The current time in UTC, naive (as the database columns keep it)."""
    return datetime.now(UTC).replace(tzinfo=None)


def display_zone(name: str | None = None) -> ZoneInfo:
    """The zone times are shown in: `name` (an organization's), else `config["DISPLAY_TIMEZONE"]`
    (default Asia/Tokyo)."""
    return ZoneInfo(name or current_app.config["DISPLAY_TIMEZONE"])


def local(value: datetime, zone: ZoneInfo) -> datetime:
    """A stored time (naive, UTC) in `zone`."""
    return value.replace(tzinfo=UTC).astimezone(zone)
