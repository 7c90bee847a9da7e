"""Request hooks and template helpers shared by every area."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from tracker import clock, labels
from tracker.web.navigation import menu


def init_app(app: Flask) -> None:
    app.wsgi_app = SecureCookiesOverHttps(app.wsgi_app)
    if app.config.get("PROXY_FIX"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    app.jinja_env.filters["day"] = _format_day
    app.jinja_env.filters["local_time"] = _format_time
    app.jinja_env.globals.update(
        level_symbol=labels.level_symbol,
        level_name=labels.LEVEL_NAMES.get,
        level_names=labels.LEVEL_NAMES,
        band_labels=labels.BAND_LABELS,
        audit_value=labels.audit_value,
        audit_field=labels.audit_field,
    )
    app.jinja_env.filters["code_name"] = lambda record: labels.code_name(record.code, record.name)

    @app.context_processor
    def template_globals() -> dict:
        return {"locale": str(get_locale()), "today": clock.today(), "menu": menu}


def _format_day(value: date | None) -> str:
    return value.isoformat() if value else ""


def display_zone() -> ZoneInfo:
    """The zone the reader's organization reads times in (logged out: the configured one)."""
    return clock.display_zone(current_user.organization.timezone if current_user.is_authenticated else None)


def _format_time(value: datetime | None) -> str:
    """A stored (UTC) time in the reader's zone, to the minute, with the zone's abbreviation."""
    return clock.local(value, display_zone()).strftime("%Y-%m-%d %H:%M %Z") if value else ""


class SecureCookiesOverHttps:
    """WSGI middleware: every cookie set in answer to an HTTPS request is marked Secure.

    It sits outside Flask so it sees the session and remember cookies alike, whoever set them.
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        if environ.get("wsgi.url_scheme") != "https":
            return self.wsgi_app(environ, start_response)

        def secure_start_response(status, headers, exc_info=None):
            headers = [
                (name, value + "; Secure")
                if name.lower() == "set-cookie" and "; secure" not in value.lower()
                else (name, value)
                for name, value in headers
            ]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, secure_start_response)
