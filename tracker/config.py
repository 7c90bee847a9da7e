"""Configuration layers: defaults here, then instance/config.py, then the environment."""

from __future__ import annotations

import os
import secrets
import sys
from datetime import timedelta
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
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    SESSION_IDLE_MINUTES = 60
    SESSION_ABSOLUTE_HOURS = 12
    RECENT_LOGIN_MINUTES = 15
    LOGIN_FAILURES_PER_ACCOUNT = 10
    LOGIN_FAILURES_PER_ADDRESS = 50
    LOGIN_FAILURE_WINDOW_MINUTES = 15
    WTF_CSRF_TIME_LIMIT = None
    BABEL_DEFAULT_LOCALE = "en"
    LANGUAGES = ("en", "ja")
    PER_PAGE = 25
    SCORING_HORIZON_YEARS = 3.0
    TRAINER_LOAD_LIMIT = 3
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024
    CERTIFICATE_MAX_BYTES = 4 * 1024 * 1024  # a certificate's document (kept in CERTIFICATE_FOLDER,
    # by default the instance folder's certificates/)
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    PASSWORD_HASH_METHOD = passwords.DEFAULT_METHOD  # tests choose a fast one
    DISPLAY_TIMEZONE = "Asia/Tokyo"  # times are stored in UTC and shown in this zone
    # The daily digest's SMTP server (`flask --app wsgi send-digests`, from cron).
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False  # STARTTLS after connecting
    MAIL_USE_SSL = False  # TLS from the start (port 465)
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_DEFAULT_SENDER = "densho@localhost"
    MAIL_TIMEOUT = 30
    BASE_URL = "http://127.0.0.1:5000"  # where links in e-mails point


MAIL_SETTINGS = ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USE_SSL", "MAIL_USERNAME", "MAIL_PASSWORD",
                 "MAIL_DEFAULT_SENDER", "BASE_URL")  # fmt: skip


def load(app: Flask, test_config: dict | None) -> None:
    """Apply the layers in order; the later one wins."""
    app.config.from_object(Defaults)
    app.config["DATABASE_URL"] = "sqlite:///" + str(Path(app.instance_path) / "densho.sqlite")
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        for name in ("DATABASE_URL", "SECRET_KEY", "RATELIMIT_STORAGE_URI", "DISPLAY_TIMEZONE"):
            if os.environ.get(name):
                app.config[name] = os.environ[name]
        for name in MAIL_SETTINGS:
            if os.environ.get(name):
                app.config[name] = _typed(os.environ[name], Defaults.__dict__[name])
        if os.environ.get("DENSHO_BEHIND_PROXY") == "1":
            app.config["PROXY_FIX"] = True
        if os.environ.get("DENSHO_TRUSTED_HOSTS"):
            hosts = os.environ["DENSHO_TRUSTED_HOSTS"].split(",")
            app.config["TRUSTED_HOSTS"] = [host.strip() for host in hosts if host.strip()]
    else:
        app.config.update(test_config)
    ZoneInfo(app.config["DISPLAY_TIMEZONE"])  # an unknown zone fails at start, not on a page
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))
        app.config["SECRET_KEY_GENERATED"] = True


def _typed(text: str, default):
    """An environment value in the type of its default: a port as a number, a flag as a bool."""
    if isinstance(default, bool):
        return text.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(text)
    return text


WEAK_SECRETS = {"", "dev", "secret", "change-me", "changeme", "test-secret", "densho"}


class ConfigError(RuntimeError):
    """A production deployment refuses to start with this configuration."""


def check_production(app: Flask) -> None:
    """With DENSHO_ENV=production, refuse to start with debug on, without a real SECRET_KEY (set
    in the environment or instance/config.py, 32 characters or more) or with SQLite in instance/."""
    if app.config.get("DENSHO_ENV", os.environ.get("DENSHO_ENV")) != "production":
        return
    problems = []
    if app.config.get("DEBUG") or os.environ.get("FLASK_DEBUG", "").lower() in ("1", "true", "yes"):
        problems.append("debug is on (FLASK_DEBUG / DEBUG)")
    secret = app.config.get("SECRET_KEY") or ""
    if app.config.get("SECRET_KEY_GENERATED") or secret in WEAK_SECRETS or len(secret) < 32:
        problems.append("SECRET_KEY is not set to a real secret (32 or more random characters)")
    url = app.config["DATABASE_URL"]
    instance = Path(app.instance_path).resolve()
    if url.startswith("sqlite") and Path(url.partition(":///")[2] or ".").resolve().is_relative_to(instance):
        problems.append("the database is SQLite in instance/ (set DATABASE_URL to PostgreSQL)")
    if problems:
        raise ConfigError("DENSHO_ENV=production refuses to start: " + "; ".join(problems) + ".")


def warn_about_limits(app: Flask, argv: list[str] | None = None) -> None:
    """Warn at start-up when Flask-Limiter counts in each process's memory while several worker
    processes serve: its limits would then hold per worker only. (Failed logins are counted in
    the database, `tracker.auth.throttle`, and hold whatever the storage.)"""
    workers = worker_count(sys.argv if argv is None else argv)
    if app.config["RATELIMIT_STORAGE_URI"].startswith("memory://") and workers > 1:
        app.logger.warning(
            "RATELIMIT_STORAGE_URI is memory:// with %d workers: each worker keeps its own rate limits. "
            "Set RATELIMIT_STORAGE_URI to a shared storage such as redis://host:6379.",
            workers,
        )


def worker_count(argv: list[str]) -> int:
    """How many worker processes gunicorn was asked for (-w/--workers, GUNICORN_CMD_ARGS,
    WEB_CONCURRENCY); 1 for any other server."""
    args = [*os.environ.get("GUNICORN_CMD_ARGS", "").split(), *argv[1:]]
    if not any("gunicorn" in part for part in argv[:1]) and "GUNICORN_CMD_ARGS" not in os.environ:
        return 1
    count = os.environ.get("WEB_CONCURRENCY", "1")
    for n, arg in enumerate(args):
        if arg in ("-w", "--workers") and n + 1 < len(args):
            count = args[n + 1]
        elif arg.startswith("--workers="):
            count = arg.partition("=")[2]
        elif arg.startswith("-w") and arg[2:].isdigit():
            count = arg[2:]
    return int(count) if count.isdigit() else 1


def _instance_secret(instance: Path) -> str:
    """Read the generated secret key, creating it on first start (never committed)."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
