"""Buyer-supplier partnerships: proposed by a buyer, accepted or declined by the supplier, ended by either.

Each change writes an audit event into both organizations' trails. The caller commits.
"""

from __future__ import annotations

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, aliased

from tracker.audit import service as audit
from tracker.models import Organization, Partnership
from tracker.models._types import utcnow
from tracker.partnerships.disclosure import LEVELS
from tracker.refusals import Refused
from tracker.tenancy import Scope, own_partnerships

OPEN_STATUSES = ("proposed", "accepted")


STATUS_ORDER = case({"proposed": 0, "accepted": 1, "declined": 2, "ended": 3}, value=Partnership.status)


def listing(scope: Scope) -> Select:
    """The organization's partnerships: proposals first, then in force, declined, ended; by the
    other side's name."""
    counterpart = aliased(Organization)
    side = Partnership.supplier_id if scope.is_buyer else Partnership.buyer_id
    return (
        own_partnerships(scope)
        .join(counterpart, counterpart.id == side)
        .order_by(STATUS_ORDER, counterpart.name, Partnership.proposed_at.desc())
    )


def _audit(
    session: Session, partnership: Partnership, user_id: int | None, action: str, changes: dict
) -> None:
    for organization_id in (partnership.buyer_id, partnership.supplier_id):
        audit.record(session, organization_id, user_id, action, "partnership", partnership.id, changes)


def propose(session: Session, scope: Scope, supplier_code: str, user_id: int | None) -> Partnership:
    """Propose a partnership to the active supplier with this code (any case).

    Refused ("unknown_supplier") when there is no such supplier, ("partnership_open") when the
    pair has a proposal or partnership in force already.
    """
    code = supplier_code.strip().upper()
    supplier = session.scalar(
        select(Organization).where(
            func.upper(Organization.code) == code,
            Organization.kind == "supplier",
            Organization.active.is_(True),
        )
    )
    if supplier is None:
        raise Refused("unknown_supplier", "supplier_code")
    in_force = session.scalar(
        select(Partnership.id).where(
            Partnership.buyer_id == scope.organization_id,
            Partnership.supplier_id == supplier.id,
            Partnership.status.in_(OPEN_STATUSES),
        )
    )
    if in_force is not None:
        raise Refused("partnership_open", "supplier_code")
    partnership = Partnership(buyer_id=scope.organization_id, supplier_id=supplier.id, status="proposed")
    session.add(partnership)
    session.flush()
    _audit(session, partnership, user_id, "propose", {"supplier": supplier.code})
    return partnership


def _check_disclosure(disclosure: str) -> None:
    if disclosure not in LEVELS:
        raise Refused("unknown_disclosure", "disclosure")


def accept(session: Session, partnership: Partnership, disclosure: str, user_id: int | None) -> None:
    """The supplier accepts a proposal and chooses what the buyer may see of its people."""
    _check_disclosure(disclosure)
    if partnership.status != "proposed":
        raise Refused("not_proposed")
    partnership.status = "accepted"
    partnership.disclosure = disclosure
    partnership.decided_at = utcnow()
    _audit(session, partnership, user_id, "accept", {"disclosure": disclosure})


def decline(session: Session, partnership: Partnership, user_id: int | None) -> None:
    """The supplier declines a proposal."""
    if partnership.status != "proposed":
        raise Refused("not_proposed")
    partnership.status = "declined"
    partnership.decided_at = utcnow()
    _audit(session, partnership, user_id, "decline", {})


def set_disclosure(session: Session, partnership: Partnership, disclosure: str, user_id: int | None) -> None:
    """The supplier changes the disclosure of a partnership in force; effective at the next request."""
    _check_disclosure(disclosure)
    if partnership.status != "accepted":
        raise Refused("not_accepted")
    changes = audit.diff(partnership, {"disclosure": disclosure})
    if changes:
        _audit(session, partnership, user_id, "disclosure", changes)


def end(session: Session, partnership: Partnership, user_id: int | None) -> None:
    """Either side ends a partnership (or the buyer withdraws a proposal); the buyer loses access at once."""
    if partnership.status not in OPEN_STATUSES:
        raise Refused("not_open")
    previous = partnership.status
    partnership.status = "ended"
    partnership.ended_at = utcnow()
    _audit(session, partnership, user_id, "end", {"status": [previous, "ended"]})
