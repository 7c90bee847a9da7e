"""Uploaded files kept between the preview and the confirmation, private and short-lived.

Each upload is `<token>.<ext>` beside `<token>.json` (owner and original name) in one folder;
the token is random and the only name that ever reaches the disk. An upload expires after
LIFETIME and is deleted by the next `sweep`.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

LIFETIME = timedelta(hours=1)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
_EXTENSIONS = ("xlsx", "xlsm", "csv")
PARSED = "parsed.json"  # the parsed sheets, kept beside the file: `<token>.parsed.json`


@dataclass(frozen=True)
class Upload:
    token: str
    supplier_id: int
    user_id: int
    filename: str  # as the user named it, for display only
    extension: str
    created: datetime
    path: Path

    def read(self) -> bytes:
        return self.path.read_bytes()

    @property
    def parsed_path(self) -> Path:
        return self.path.with_name(f"{self.token}.{PARSED}")

    def keep_parsed(self, data: bytes) -> None:
        """Keep the parsed sheets, so that the preview and the confirmation do not parse again."""
        _write(self.parsed_path, data)

    def parsed(self) -> bytes | None:
        try:
            return self.parsed_path.read_bytes()
        except OSError:
            return None

    def expired(self, now: datetime) -> bool:
        return now - self.created > LIFETIME


def store(
    folder: Path, supplier_id: int, user_id: int, filename: str, extension: str, data: bytes, now: datetime
) -> Upload:
    """Keep `data` under a new random token; files readable by the app's user only."""
    if extension not in _EXTENSIONS:
        raise ValueError("unsupported extension")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    path = folder / f"{token}.{extension}"
    _write(path, data)
    meta = {
        "supplier_id": supplier_id,
        "user_id": user_id,
        "filename": filename[:200],
        "extension": extension,
        "created": now.isoformat(),
    }
    _write(folder / f"{token}.json", json.dumps(meta).encode())
    return Upload(token, supplier_id, user_id, meta["filename"], extension, now, path)


def _write(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def find(folder: Path, token: str) -> Upload | None:
    """The upload named by `token` (perhaps expired), or None when the token is malformed or unknown."""
    if not _TOKEN.match(token or ""):
        return None
    try:
        meta = json.loads((folder / f"{token}.json").read_text())
        created = datetime.fromisoformat(meta["created"])
        extension = meta["extension"]
        upload = Upload(
            token, int(meta["supplier_id"]), int(meta["user_id"]), str(meta["filename"]), extension, created,
            folder / f"{token}.{extension}",
        )  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if extension not in _EXTENSIONS or not upload.path.exists():
        return None
    return upload


def discard(folder: Path, token: str) -> None:
    """Delete an upload (nothing happens for an unknown token)."""
    if not _TOKEN.match(token or ""):
        return
    for path in folder.glob(f"{token}.*"):
        path.unlink(missing_ok=True)


def sweep(folder: Path, now: datetime) -> None:
    """Delete every expired upload."""
    if not folder.is_dir():
        return
    for meta in folder.glob("*.json"):
        if meta.name.endswith(f".{PARSED}"):
            continue
        upload = find(folder, meta.stem)
        if upload is None or upload.expired(now):
            discard(folder, meta.stem)
