"""The application's today: pinned by config TODAY, else the system's date."""

from __future__ import annotations

from datetime import date

from flask import Flask

from tests.builders import TODAY
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
