"""Certificate documents on disk: a scanned licence as PDF, JPEG or PNG, kept outside the web root.

The type is read from the content (its first bytes), never from the file's name or the
browser's word for it. Each document is stored in one private folder (the instance folder's
`certificates/` unless configured) under a random key, the only name that reaches the disk;
the name the user gave it is kept in the database for display. Nothing here knows who may read
a document: the certificate's record, read through tenancy, says which key to serve. No Flask.
"""

from __future__ import annotations

import os
import re
import secrets
import unicodedata
from pathlib import Path

SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
"""The first bytes of each accepted kind of document, and its media type."""

EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
_KEY = re.compile(r"^[A-Za-z0-9_-]{43}$")


def sniff(data: bytes) -> str | None:
    """The media type of `data` by its content (PDF, PNG or JPEG), None for anything else."""
    for signature, media_type in SIGNATURES:
        if data.startswith(signature):
            return media_type
    return None


def store(folder: Path, data: bytes) -> str:
    """Write `data` under a new random key, readable by the app's user only; return the key."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    descriptor = os.open(folder / key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    return key


def path(folder: Path, key: str) -> Path | None:
    """The file of the document `key`, None when the key is malformed or the file is missing."""
    if not _KEY.match(key or ""):
        return None
    found = folder / key
    return found if found.is_file() else None


def remove(folder: Path, key: str | None) -> None:
    """Delete the document `key` (nothing happens for a missing or malformed key)."""
    found = path(folder, key or "")
    if found is not None:
        found.unlink(missing_ok=True)


def display_name(filename: str | None, media_type: str) -> str:
    """The name to show and download the document under: the user's file name without any
    folder or control character, at most 200 characters, ending in the extension of its type."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    extension = EXTENSIONS[media_type]
    return f"{(stem or 'document')[:195]}.{extension}"
