"""Buyer-supplier partnerships: proposed by a buyer, accepted or declined by the supplier, ended by either.

Each change writes an audit event into both organizations' trails. The caller commits.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.audit import service as audit
from tracker.models import Organization, Partnership
from tracker.models._types import utcnow
from tracker.partnerships.disclosure import LEVELS

OPEN_STATUSES = ("proposed", "accepted")


class PartnershipError(Exception):
    """A change the partnership's state does not allow; `reason` names which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _audit(
    session: Session, partnership: Partnership, user_id: int | None, action: str, changes: dict
) -> None:
    for organization_id in (partnership.buyer_id, partnership.supplier_id):
        audit.record(session, organization_id, user_id, action, "partnership", partnership.id, changes)


def propose(session: Session, buyer_id: int, supplier_code: str, user_id: int | None) -> Partnership:
    """Propose a partnership to the active supplier with this code (any case).

    Raises PartnershipError("unknown") when there is no such supplier, "open" when the pair has
    a proposal or partnership in force already.
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
        raise PartnershipError("unknown")
    in_force = session.scalar(
        select(Partnership.id).where(
            Partnership.buyer_id == buyer_id,
            Partnership.supplier_id == supplier.id,
            Partnership.status.in_(OPEN_STATUSES),
        )
    )
    if in_force is not None:
        raise PartnershipError("open")
    partnership = Partnership(buyer_id=buyer_id, supplier_id=supplier.id, status="proposed")
    session.add(partnership)
    session.flush()
    _audit(session, partnership, user_id, "propose", {"supplier": supplier.code})
    return partnership


def _check_disclosure(disclosure: str) -> None:
    if disclosure not in LEVELS:
        raise ValueError(f"unknown disclosure {disclosure!r}")


def accept(session: Session, partnership: Partnership, disclosure: str, user_id: int | None) -> None:
    """The supplier accepts a proposal and chooses what the buyer may see of its people."""
    _check_disclosure(disclosure)
    if partnership.status != "proposed":
        raise PartnershipError("not_proposed")
    partnership.status = "accepted"
    partnership.disclosure = disclosure
    partnership.decided_at = utcnow()
    _audit(session, partnership, user_id, "accept", {"disclosure": disclosure})


def decline(session: Session, partnership: Partnership, user_id: int | None) -> None:
    """The supplier declines a proposal."""
    if partnership.status != "proposed":
        raise PartnershipError("not_proposed")
    partnership.status = "declined"
    partnership.decided_at = utcnow()
    _audit(session, partnership, user_id, "decline", {})


def set_disclosure(session: Session, partnership: Partnership, disclosure: str, user_id: int | None) -> None:
    """The supplier changes the disclosure of a partnership in force; effective at the next request."""
    _check_disclosure(disclosure)
    if partnership.status != "accepted":
        raise PartnershipError("not_accepted")
    changes = audit.diff(partnership, {"disclosure": disclosure})
    if changes:
        _audit(session, partnership, user_id, "disclosure", changes)


def end(session: Session, partnership: Partnership, user_id: int | None) -> None:
    """Either side ends a partnership (or the buyer withdraws a proposal); the buyer loses access at once."""
    if partnership.status not in OPEN_STATUSES:
        raise PartnershipError("not_open")
    previous = partnership.status
    partnership.status = "ended"
    partnership.ended_at = utcnow()
    _audit(session, partnership, user_id, "end", {"status": [previous, "ended"]})
