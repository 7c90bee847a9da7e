"""Links: where a request may ask to go back to, and URL templates for scripts to fill in."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import url_for

MARK = 917_000_000_000_001  # the first of the stand-in values: never a real id


def safe_next(target: str | None, default: str) -> str:
    """`target` when it is a path on this site (with no control character), else `default`."""
    if not target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return default
    parts = urlsplit(target.replace("\\", "/"))
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return default
    return target


def url_template(endpoint: str, placeholders: dict[str, str], **values) -> str:
    """The URL of `endpoint` with each URL value named in `placeholders` left as its placeholder
    (e.g. "{supplier}"), for a script to fill in: one template instead of a URL per item."""
    marks = {name: MARK + i for i, name in enumerate(placeholders)}
    url = url_for(endpoint, **marks, **values)
    for name, mark in marks.items():
        url = url.replace(str(mark), placeholders[name])
    return url


def drilldown_template(**values) -> str:
    """The buyer's drill-down URL with "{supplier}" and "{category}" for a map's cells to fill in."""
    return url_template(
        "heatmap.drilldown", {"supplier_id": "{supplier}", "category_id": "{category}"}, **values
    )
