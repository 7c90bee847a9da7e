"""The application's today: pinned by config TODAY, else the system's date; the display zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfoNotFoundError

import pytest
from flask import Flask

from tests.builders import TODAY
from tests.conftest import make_app
from tracker import clock


def _system_date_around(read) -> bool:
    """Whether `read()` gives the system's date (either side of a midnight passing meanwhile)."""
    before = date.today()
    got = read()
    return got in (before, date.today())


def test_config_today_pins_the_date():
    app = Flask(__name__)
    app.config["TODAY"] = date(2001, 2, 3)
    with app.app_context():
        assert clock.today() == date(2001, 2, 3)


def test_without_config_today_it_is_the_system_date():
    with Flask(__name__).app_context():
        assert _system_date_around(clock.today)


def test_outside_an_app_it_is_the_system_date():
    assert _system_date_around(clock.today)


def test_the_test_app_is_pinned_to_the_tests_today(app):
    with app.app_context():
        assert clock.today() == TODAY


def test_stored_utc_times_are_read_in_the_display_zone(app):
    stored = datetime(2026, 11, 22, 23, 5)
    with app.app_context():
        assert clock.local(stored, clock.display_zone()).strftime("%Y-%m-%d %H:%M") == "2026-11-23 08:05"
        assert clock.local(stored, clock.display_zone("Europe/Berlin")).strftime("%H:%M") == "00:05"
        app.config["DISPLAY_TIMEZONE"] = "Europe/Berlin"
        assert clock.local(stored, clock.display_zone()).strftime("%H:%M") == "00:05"


def test_an_unknown_display_zone_stops_the_app_at_start(tmp_path):
    with pytest.raises(ZoneInfoNotFoundError):
        make_app(tmp_path, DISPLAY_TIMEZONE="Mars/Olympus")
