"""The one place that scopes data to the acting organization and checks who may do what.

The acting organization always comes from the logged-in user, never from the URL. A record
outside the acting organization's reach answers 404; a role or organization kind that may not
use a page answers 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import Select, select

from tracker import db
from tracker.models import Organization, Partnership, User

M = TypeVar("M")


def acting_user() -> User:
    return current_user._get_current_object()


def acting_org() -> Organization:
    return current_user.organization


def owner_column(model: type) -> Any:
    """The column that names the organization owning a row of `model`."""
    if hasattr(model, "supplier_id"):
        return model.supplier_id
    return model.organization_id


def scoped(model: type[M], *columns: Any) -> Select:
    """`select(model)` (or of `columns`) limited to the acting organization's own rows."""
    statement = select(*columns) if columns else select(model)
    return statement.where(owner_column(model) == acting_org().id)


def get_or_404(model: type[M], record_id: int) -> M:
    """The acting organization's `model` row with this id, or a 404."""
    record = db.session().scalar(scoped(model).where(model.id == record_id))
    if record is None:
        abort(404)
    return record


def partnership_or_404(supplier_id: int) -> Partnership:
    """The acting buyer's accepted partnership with this supplier, or a 404."""
    partnership = db.session().scalar(
        select(Partnership).where(
            Partnership.buyer_id == acting_org().id,
            Partnership.supplier_id == supplier_id,
            Partnership.status == "accepted",
        )
    )
    if partnership is None or not partnership.supplier.active:
        abort(404)
    return partnership


def partner_supplier_ids() -> Select:
    """The ids of suppliers the acting buyer holds an accepted partnership with."""
    return (
        select(Partnership.supplier_id)
        .join(Organization, Organization.id == Partnership.supplier_id)
        .where(
            Partnership.buyer_id == acting_org().id,
            Partnership.status == "accepted",
            Organization.active.is_(True),
        )
    )


def own_partnerships() -> Select:
    """The partnerships the acting organization is a side of, as buyer or as supplier."""
    org = acting_org()
    side = Partnership.buyer_id if org.is_buyer else Partnership.supplier_id
    return select(Partnership).where(side == org.id)


def own_partnership_or_404(partnership_id: int) -> Partnership:
    """A partnership the acting organization is a side of, whatever its status, or a 404."""
    partnership = db.session().scalar(own_partnerships().where(Partnership.id == partnership_id))
    if partnership is None:
        abort(404)
    return partnership


F = TypeVar("F", bound=Callable[..., Any])


def access(kind: str | None = None, role: str = "viewer") -> Callable[[F], F]:
    """Let a view run only for a logged-in user of organization `kind` with `role` or above."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if kind is not None and acting_org().kind != kind:
                abort(403)
            if not current_user.has_role(role):
                abort(403)
            return view(*args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

    return decorator
