"""The one error convention of the services: a refusal names its rule, the input it concerns
and the details, and means that nothing was written.

Pages show it in the user's language through `tracker.web.refusals` (on the form field it
concerns, or flashed); the JSON API will answer it as `{"error": {"code", "message", "fields"}}`.
No Flask here.
"""

from __future__ import annotations

from typing import Any


class Refused(ValueError):
    """A service refuses a change or a request.

    `code` names the rule (a key of `tracker.web.refusals.MESSAGES`), `field` the input it
    concerns (None: the request as a whole), `params` the details its message names.
    """

    def __init__(self, code: str, field: str | None = None, /, **params: Any) -> None:
        super().__init__(f"{field}: {code}" if field else code)
        self.code = code
        self.field = field
        self.params = params
