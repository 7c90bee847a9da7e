"""Input no page should ever see: refused once, for every route, before any view runs.

- An `<int:...>` in a URL matches only a possible id (1 to `tenancy.MAX_ID`): a larger number is
  no record of ours, so the URL answers 404 instead of reaching the database (PostgreSQL's
  integer columns end at 2^31 - 1, SQLite's at 2^63 - 1).
- A NUL character in the path, the query or a posted field answers 400: PostgreSQL cannot store
  or compare it in text, and no form of ours asks for it.
- A query value longer than MAX_QUERY_VALUE answers 400: filters and searches are short, and a
  huge one makes the database work (SQLite refuses a LIKE pattern over 50,000 bytes).
"""

from __future__ import annotations

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

from tracker.tenancy import MAX_ID

NUL = "\x00"
MAX_QUERY_VALUE = 1000


class IdConverter(IntegerConverter):
    """`<int:...>` bounded to the ids a database column holds."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 (werkzeug's name)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def register_converters(app: Flask) -> None:
    """Before the blueprints: their rules take the converters in place when they are added."""
    app.url_map.converters["int"] = IdConverter


def init_app(app: Flask) -> None:
    app.before_request(refuse_impossible)


def refuse_impossible() -> None:
    """Answer 400 to a request with a NUL character in its path, query or form, or a query value
    over MAX_QUERY_VALUE characters."""
    fields = list(request.args.items(multi=True))
    if any(len(value) > MAX_QUERY_VALUE for _name, value in fields):
        abort(400)
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        fields += request.form.items(multi=True)
    if NUL in request.path or any(NUL in key or NUL in value for key, value in fields):
        abort(400)
