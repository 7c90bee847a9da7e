"""Request hooks and template helpers shared by every area."""

from __future__ import annotations

from datetime import date

from flask import Flask, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from tracker.models.skills import LEVEL_LETTERS
from tracker.navigation import menu

LEVEL_NAMES = {
    0: _l("0 · none"),
    1: _l("I · in training"),
    2: _l("L · works under supervision"),
    3: _l("U · works alone to standard"),
    4: _l("O · can teach others"),
}


def init_app(app: Flask) -> None:
    app.after_request(_secure_cookies_over_https)
    app.jinja_env.filters["day"] = _format_day
    app.jinja_env.globals.update(
        level_symbol=LEVEL_LETTERS.get, level_name=LEVEL_NAMES.get, level_names=LEVEL_NAMES
    )

    @app.context_processor
    def template_globals() -> dict:
        return {"locale": str(get_locale()), "today": date.today(), "menu": menu}


def _format_day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _secure_cookies_over_https(response):
    """Mark every cookie Secure when the request came over HTTPS."""
    if request.is_secure:
        cookies = response.headers.getlist("Set-Cookie")
        response.headers.remove("Set-Cookie")
        for cookie in cookies:
            if "; secure" not in cookie.lower():
                cookie += "; Secure"
            response.headers.add("Set-Cookie", cookie)
    return response
