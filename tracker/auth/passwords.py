"""Password hashes (no Flask): salted, by a configurable method, checked in constant time."""

from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash

DEFAULT_METHOD = "scrypt"
"""werkzeug's default and the production method; tests choose a fast one (PASSWORD_HASH_METHOD)."""


def hash_password(password: str, method: str = DEFAULT_METHOD) -> str:
    """A salted hash of `password` by `method`."""
    return generate_password_hash(password, method)


def check_password(password_hash: str, password: str) -> bool:
    """Whether `password` matches `password_hash`."""
    return check_password_hash(password_hash, password)
