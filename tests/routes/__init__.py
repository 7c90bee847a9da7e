"""The role x route access table: every route of the app, who may use it, and sample arguments.

Each area module here lists `ROUTES`; `all_routes()` gathers them. The access test fails for any
route of `app.url_map` without an entry, so a new route cannot skip the table.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str = "GET"
    kind: str | None = "supplier"  # organization kind allowed; None: any logged-in user
    role: str = "viewer"  # the lowest role allowed
    args: Callable[[Any], dict] = field(default=lambda w: {})  # URL values for own records
    foreign: Callable[[Any], dict] | None = None  # URL values naming another tenant's records
    data: Callable[[Any], dict] = field(default=lambda w: {})  # form fields for a POST
    public: bool = False  # reachable without logging in
    expect: int | None = None  # the status an allowed user gets, when not 200 (GET) or 302 (POST)
    shared: bool = False  # the sample records belong to both the buyer and supplier A (a meeting)

    @property
    def key(self) -> tuple[str, str]:
        return (self.endpoint, self.method)

    @property
    def allowed_status(self) -> int:
        """The status a user allowed here gets for the sample request: a page (200) for a GET,
        a redirect (302) for a POST, unless the entry says otherwise."""
        if self.expect is not None:
            return self.expect
        return 200 if self.method == "GET" else 302


def all_routes() -> list[Route]:
    routes: list[Route] = []
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("_") or module.name == "world":
            continue
        routes.extend(importlib.import_module(f"{__name__}.{module.name}").ROUTES)
    return routes
