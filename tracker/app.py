"""The application factory: a list of small register_* / init_app calls, nothing at import time."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from flask import Flask

from tracker import cli, config, db, i18n, web
from tracker.auth import login
from tracker.extensions import csrf, limiter
from tracker.heatmap import cache, stored
from tracker.web import errors, events, headers, hostile

ROOT = Path(__file__).resolve().parent.parent

BLUEPRINTS = (
    "auth",
    "suppliers",
    "engineers",
    "processes",
    "certificates",
    "skills",
    "users",
    "training",
    "alerts",
    "audit",
    "spreadsheets",
    "partnerships",
    "heatmap",
    "meetings",
    "ops",
    "organizations",
    "digests",
)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: config layers, extensions, blueprints, error handlers, CLI."""
    app = Flask(
        "tracker",
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    config.load(app, test_config)
    config.check_production(app)
    config.warn_about_limits(app)
    register_extensions(app)
    register_session_hooks(app)
    hostile.register_converters(app)
    register_blueprints(app)
    errors.init_app(app)
    web.init_app(app)
    cli.init_app(app)
    return app


def register_extensions(app: Flask) -> None:
    events.init_app(app)  # first: the request id is there for every later hook
    hostile.init_app(app)  # NUL characters refused before CSRF or login look at the request
    headers.init_app(app)
    db.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login.init_app(app)
    i18n.init_app(app)


def register_session_hooks(app: Flask) -> None:
    """What every database session of the app does on flush and commit."""
    cache.init_app(app)  # bumps the data version with each write to heatmap data
    stored.init_app(app)  # keeps the stored process scores in step with the writes


def register_blueprints(app: Flask) -> None:
    """Each area's `bp`, or each of its `blueprints` when it has several (meetings: the public share page)."""
    for area in BLUEPRINTS:
        views = import_module(f"tracker.{area}.views")
        for blueprint in getattr(views, "blueprints", (views.bp,)):
            app.register_blueprint(blueprint)
