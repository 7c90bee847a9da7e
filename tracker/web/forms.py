"""Form helpers shared by every area."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import get_locale
from wtforms.fields.choices import SelectChoice

from tracker import db
from tracker.models import ProcessCategory
from tracker.processes.service import categories
from tracker.tenancy import is_id


def labelled_categories() -> list[ProcessCategory]:
    """The shared taxonomy, each row labelled (`.label`) in the user's language, for filters."""
    locale = str(get_locale())
    rows = categories(db.session())
    for row in rows:
        row.label = row.name(locale)
    return rows


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def to_id(value: Any) -> int | None:
    """A posted record id, or None for an empty, malformed or impossible (`tenancy.is_id`) value."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if is_id(number) else None
