"""Densho: supplier skill-transfer and multi-skilling tracker.

Importing the package loads nothing else: `import tracker.scoring` stays free of Flask and
SQLAlchemy. The application factory lives in `tracker.app`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application (see `tracker.app.create_app`)."""
    from tracker.app import create_app as build

    return build(test_config)
