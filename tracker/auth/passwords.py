"""Password hashes and the password policy (no Flask): salted hashes by a configurable method,
checked in constant time; what a chosen password must be (NIST SP 800-63B-4)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

DEFAULT_METHOD = "scrypt"
"""werkzeug's default and the production method; tests choose a fast one (PASSWORD_HASH_METHOD)."""


def hash_password(password: str, method: str = DEFAULT_METHOD) -> str:
    """A salted hash of `password` by `method`."""
    return generate_password_hash(password, method)


def check_password(password_hash: str, password: str) -> bool:
    """Whether `password` matches `password_hash`."""
    return check_password_hash(password_hash, password)


MIN_LENGTH = 15
"""NIST SP 800-63B-4: at least 15 characters for a password used alone (single-factor)."""
MAX_LENGTH = 200
"""Long passphrases are welcome (NIST: at least 64 must be allowed); the bound keeps hashing cheap."""
_COMMON = Path(__file__).with_name("common_passwords.txt")
_SEQUENCES = ("0123456789" * 3, "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm", "9876543210" * 3)


@cache
def common_passwords() -> frozenset[str]:
    """The blocklist: commonly used and compromised passwords, in lower case."""
    lines = _COMMON.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def policy_refusal(password: str, context: tuple[str, ...] = ()) -> str | None:
    """Why `password` may not be chosen, as a refusal code, or None when it may.

    The rules of NIST SP 800-63B-4 and nothing more: a length from MIN_LENGTH to MAX_LENGTH, not
    on the blocklist, not a repetition or a keyboard or alphabet run, not made of the `context`
    words (the user's name and email, the product's name). No composition rules, no expiry.
    """
    if len(password) < MIN_LENGTH:
        return "password_short"
    if len(password) > MAX_LENGTH:
        return "password_long"
    folded = password.casefold()
    if folded in common_passwords() or _repeats(folded) or any(folded in run for run in _SEQUENCES):
        return "password_common"
    rest = folded
    for word in ("densho", "伝承", *context):
        for part in re.split(r"[\s@._+-]+", word.casefold()):
            if len(part) >= 3:
                rest = rest.replace(part, "")
    if len(re.sub(r"[\W_]+", "", rest)) < MIN_LENGTH // 2:
        return "password_context"
    return None


def _repeats(text: str) -> bool:
    """Whether `text` is one short unit (up to 4 characters) over and over."""
    return any(len(text) % n == 0 and text == text[:n] * (len(text) // n) for n in range(1, 5))
