"""Who may open a page, and the acting organization's scope, for views (the Flask side of tenancy).

The acting identity always comes from the logged-in user, never from the URL. A role or kind of
organization that may not use a page answers 403; a record outside the scope answers 404
(`tenancy.NotFound`, turned into the 404 page by `tracker.web.errors`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker import db, tenancy
from tracker.auth import sessions
from tracker.models import Organization, Partnership, User
from tracker.tenancy import Scope
from tracker.web.events import event
from tracker.web.links import safe_next

M = TypeVar("M")
F = TypeVar("F", bound=Callable[..., Any])


def acting_user() -> User:
    return current_user._get_current_object()


def acting_org() -> Organization:
    return current_user.organization


def current_scope() -> Scope:
    """The logged-in user's organization as a `Scope` for the services."""
    if "scope" not in g:
        g.scope = Scope.of(acting_org())
    return g.scope


def get_or_404(model: type[M], record_id: int) -> M:
    """The acting organization's `model` row with this id, or a 404."""
    return tenancy.get(db.session(), current_scope(), model, record_id)


def partnership_or_404(supplier_id: int) -> Partnership:
    """The acting buyer's partnership in force with this supplier, or a 404."""
    return tenancy.partnership(db.session(), current_scope(), supplier_id)


def own_partnership_or_404(partnership_id: int) -> Partnership:
    """A partnership the acting organization is a side of, or a 404."""
    return tenancy.own_partnership(db.session(), current_scope(), partnership_id)


def access(kind: str | None = None, role: str = "viewer", recent: bool = False) -> Callable[[F], F]:
    """Let a view run only for a logged-in user of organization `kind` with `role` or above;
    with `recent`, only within RECENT_LOGIN_MINUTES of typing the password (else the user is
    asked for it first, and comes back to the page they were on)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if kind is not None and acting_org().kind != kind:
                denied("kind")
            if not current_user.has_role(role):
                denied("role")
            if recent and not sessions.is_recent():
                return _confirm_first()
            return view(*args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

    return decorator


def denied(reason: str) -> None:
    """Refuse the request with a 403, and log it."""
    event("access_denied", logging.WARNING, reason=reason, endpoint=request.endpoint)
    abort(403)


def _confirm_first():
    """Send the user to type their password; a GET comes back to itself, a POST to its page."""
    back = request.full_path if request.method == "GET" else request.referrer
    target = safe_next(_same_site_path(back), url_for("suppliers.home"))
    flash(_("Please enter your password again to continue."), "info")
    return redirect(url_for("auth.confirm", next=target))


def _same_site_path(url: str | None) -> str | None:
    """The path and query of `url` when it is a link to this site."""
    if not url:
        return None
    if url.startswith(request.host_url):
        url = "/" + url[len(request.host_url) :]
    return url
