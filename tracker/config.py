"""Configuration layers: defaults here, then instance/config.py, then the environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask

from tracker.auth import passwords


class Defaults:
    """Settings every deployment starts from."""

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    BABEL_DEFAULT_LOCALE = "en"
    LANGUAGES = ("en", "ja")
    PER_PAGE = 25
    SCORING_HORIZON_YEARS = 3.0
    TRAINER_LOAD_LIMIT = 3
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    PASSWORD_HASH_METHOD = passwords.DEFAULT_METHOD  # tests choose a fast one
    DISPLAY_TIMEZONE = "Asia/Tokyo"  # times are stored in UTC and shown in this zone


def load(app: Flask, test_config: dict | None) -> None:
    """Apply the layers in order; the later one wins."""
    app.config.from_object(Defaults)
    app.config["DATABASE_URL"] = "sqlite:///" + str(Path(app.instance_path) / "densho.sqlite")
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        for name in ("DATABASE_URL", "SECRET_KEY", "DISPLAY_TIMEZONE"):
            if os.environ.get(name):
                app.config[name] = os.environ[name]
        if os.environ.get("DENSHO_BEHIND_PROXY") == "1":
            app.config["PROXY_FIX"] = True
    else:
        app.config.update(test_config)
    ZoneInfo(app.config["DISPLAY_TIMEZONE"])  # an unknown zone fails at start, not on a page
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))


def _instance_secret(instance: Path) -> str:
    """Read the generated secret key, creating it on first start (never committed)."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
