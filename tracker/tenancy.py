"""The one place that scopes data to the acting organization (no Flask: services, API and CLI use it).

A `Scope` names the acting organization and its kind. Views build it from the logged-in user
(`tracker.web.access.current_scope`), never from the URL, and pass it to the services, which read
tenant data only through `scoped` / `get` here. A record outside the scope raises `NotFound`, which
every page answers with a 404 (`tracker.web.errors`), never with its data.

Meetings belong to the buyer-supplier pair (`own_meetings`): the buyer's own, and those a supplier
is a party to; within a portfolio review a supplier reaches only its own action items
(`own_actions`).

Which suppliers a buyer sees is one rule, `is_partner`: an accepted partnership with an active
supplier. Disclosure (what the buyer sees of their people) is `tracker.partnerships.disclosure`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, select
from sqlalchemy.orm import Session

from tracker.models import ActionItem, Organization, PartnerMeeting, Partnership
from tracker.models.meetings import meeting_supplier

M = TypeVar("M")


MAX_ID = 2**31 - 1
"""The largest id a database column holds on every engine we run on."""


def is_id(value: Any) -> bool:
    """Whether `value` can be a record's id (an int from 1 to MAX_ID): anything else names no record."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


class NotFound(LookupError):
    """The record does not exist within the acting organization's reach."""


@dataclass(frozen=True)
class Scope:
    """The acting organization: its id and kind ("supplier" or "buyer")."""

    organization_id: int
    kind: str

    @classmethod
    def of(cls, organization: Organization) -> Scope:
        return cls(organization.id, organization.kind)

    @property
    def is_buyer(self) -> bool:
        return self.kind == "buyer"


def owner_scope(record: Any) -> Scope:
    """The scope of the supplier that owns `record` (a row with a `supplier_id`)."""
    return Scope(record.supplier_id, "supplier")


def owner_column(model: type) -> Any:
    """The column that names the organization owning a row of `model`."""
    if hasattr(model, "supplier_id"):
        return model.supplier_id
    return model.organization_id


def owns(scope: Scope, model: type) -> ColumnElement[bool]:
    """The condition that a row of `model` belongs to the acting organization (for joins)."""
    return owner_column(model) == scope.organization_id


def scoped(scope: Scope, model: type[M], *columns: Any) -> Select:
    """`select(model)` (or of `columns`) limited to the acting organization's own rows."""
    statement = select(*columns) if columns else select(model)
    return statement.where(owns(scope, model))


def get(session: Session, scope: Scope, model: type[M], record_id: Any) -> M:
    """The acting organization's `model` row with this id; NotFound otherwise (a bad id too)."""
    record = session.scalar(scoped(scope, model).where(model.id == record_id)) if is_id(record_id) else None
    if record is None:
        raise NotFound(model.__name__)
    return record


# --- buyers and their partners ------------------------------------------------------------------


def is_partner(buyer_id: Any) -> ColumnElement[bool]:
    """THE rule of who a buyer sees: an accepted partnership with an active supplier.

    A condition on `Partnership` joined to the supplier's `Organization`.
    """
    return and_(
        Partnership.buyer_id == buyer_id,
        Partnership.status == "accepted",
        Organization.active.is_(True),
    )


def partner_ids(buyer_id: Any) -> Select:
    """The ids of the suppliers the buyer sees (`is_partner`); `buyer_id` may be a bound parameter."""
    return (
        select(Partnership.supplier_id)
        .join(Organization, Organization.id == Partnership.supplier_id)
        .where(is_partner(buyer_id))
    )


def partnership(session: Session, scope: Scope, supplier_id: Any) -> Partnership:
    """The acting buyer's partnership in force with this supplier (`is_partner`); NotFound otherwise."""
    found = None
    if scope.is_buyer and is_id(supplier_id):
        found = session.scalar(
            select(Partnership)
            .join(Organization, Organization.id == Partnership.supplier_id)
            .where(is_partner(scope.organization_id), Partnership.supplier_id == supplier_id)
        )
    if found is None:
        raise NotFound("Partnership")
    return found


def own_partnerships(scope: Scope) -> Select:
    """The partnerships the acting organization is a side of, as buyer or as supplier."""
    side = Partnership.buyer_id if scope.is_buyer else Partnership.supplier_id
    return select(Partnership).where(side == scope.organization_id)


def own_partnership(session: Session, scope: Scope, partnership_id: Any) -> Partnership:
    """A partnership the acting organization is a side of, whatever its status; NotFound otherwise."""
    found = None
    if is_id(partnership_id):
        found = session.scalar(own_partnerships(scope).where(Partnership.id == partnership_id))
    if found is None:
        raise NotFound("Partnership")
    return found


# --- partner meetings -----------------------------------------------------------------------------


def own_meetings(scope: Scope) -> Select:
    """The meetings the acting organization is a side of: a buyer's own, or those a supplier attends."""
    if scope.is_buyer:
        return select(PartnerMeeting).where(PartnerMeeting.buyer_id == scope.organization_id)
    attends = select(meeting_supplier.c.meeting_id).where(
        meeting_supplier.c.supplier_id == scope.organization_id
    )
    return select(PartnerMeeting).where(PartnerMeeting.id.in_(attends))


def own_meeting(session: Session, scope: Scope, meeting_id: Any) -> PartnerMeeting:
    """A meeting the acting organization is a side of; NotFound otherwise."""
    found = (
        session.scalar(own_meetings(scope).where(PartnerMeeting.id == meeting_id))
        if is_id(meeting_id)
        else None
    )
    if found is None:
        raise NotFound("PartnerMeeting")
    return found


def own_actions(scope: Scope) -> Select:
    """The action items the acting organization reaches: a buyer's meetings' items, a supplier's own."""
    if scope.is_buyer:
        mine = PartnerMeeting.buyer_id == scope.organization_id
    else:
        mine = ActionItem.supplier_id == scope.organization_id
    return select(ActionItem).join(PartnerMeeting, PartnerMeeting.id == ActionItem.meeting_id).where(mine)


def own_action(session: Session, scope: Scope, action_id: Any) -> ActionItem:
    """An action item the acting organization reaches (`own_actions`); NotFound otherwise."""
    found = session.scalar(own_actions(scope).where(ActionItem.id == action_id)) if is_id(action_id) else None
    if found is None:
        raise NotFound("ActionItem")
    return found
