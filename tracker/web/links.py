"""Links a request may ask to go back to."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, default: str) -> str:
    """`target` when it is a path on this site (with no control character), else `default`."""
    if not target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return default
    parts = urlsplit(target.replace("\\", "/"))
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return default
    return target
