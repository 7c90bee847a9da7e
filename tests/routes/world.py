"""Two suppliers and a buyer, each with users of every role and a record of every kind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests import builders as b
from tracker.models import ActionItem, PartnerMeeting, ProcessCategory, ShareLink, TrainingSession, User

DOCUMENT = b"%PDF-1.4\n% a certificate\n%%EOF\n"
"""The content of the sample certificates' document (tests/routes/certificates.py puts it on disk)."""


@dataclass
class World:
    a: SimpleNamespace  # supplier A: the acting supplier's own data
    b: SimpleNamespace  # supplier B: another tenant
    buyer: SimpleNamespace  # a buyer partnered with A only
    actor: User | None = None  # the user the next request is made as, when a sample must be theirs


def _supplier(session: Session, label: str, category) -> SimpleNamespace:
    org = b.gen_supplier(session, name=f"Supplier {label}", code=f"SUP-{label}")
    ns = SimpleNamespace(org=org)
    for role in ("viewer", "editor", "admin"):
        setattr(ns, role, b.gen_user(session, org, role, email=f"{label.lower()}-{role}@example.test"))
    ns.process = b.gen_process(session, org, category, code=f"{label}-P1")
    ns.trainer = b.gen_engineer(session, org, name=f"Trainer {label}")
    ns.engineer = b.gen_engineer(session, org, name=f"Trainee {label}")
    b.gen_level(session, ns.trainer, ns.process, 4, date(2025, 1, 1))
    ns.assessment = b.gen_level(session, ns.engineer, ns.process, 1, date(2025, 1, 1))
    ns.plan = b.gen_plan(
        session,
        ns.engineer,
        ns.trainer,
        ns.process,
        from_level=1,
        target_level=3,
        starts_on=date(2025, 2, 1),
        due_on=date(2027, 2, 1),
        status="in_progress",
    )
    ns.training_session = TrainingSession(
        supplier_id=org.id, plan_id=ns.plan.id, held_on=date(2025, 3, 1), hours=2, content="basics"
    )
    session.add(ns.training_session)
    ns.certificate_type = b.gen_certificate_type(session, org, [ns.process], name=f"Licence {label}")
    ns.certificate = b.gen_certificate(
        session,
        ns.trainer,
        ns.certificate_type,
        number=f"No. {label}-1",
        document_key=f"{label}" * 43,
        document_name="licence.pdf",
        document_type="application/pdf",
        document_size=len(DOCUMENT),
    )
    # Deleted one by one by the role x route test (each allowed user deletes the next).
    ns.spare_certificate_ids = [
        b.gen_certificate(session, ns.engineer, ns.certificate_type).id for _ in range(3)
    ]
    session.flush()
    return ns


def build_world(session: Session) -> World:
    category = session.scalars(select(ProcessCategory).order_by(ProcessCategory.id)).first()
    a = _supplier(session, "A", category)
    other = _supplier(session, "B", category)
    buyer_org = b.gen_buyer(session, name="Buyer", code="BUY")
    buyer = SimpleNamespace(org=buyer_org)
    for role in ("viewer", "editor", "admin"):
        setattr(buyer, role, b.gen_user(session, buyer_org, role, email=f"buyer-{role}@example.test"))
    buyer.partnership = b.gen_partnership(session, buyer_org, a.org, disclosure="named")
    other.proposal = b.gen_partnership(session, buyer_org, other.org, status="proposed")
    other_buyer = b.gen_buyer(session, name="Other buyer", code="BUY-2")
    other.foreign_partnership = b.gen_partnership(session, other_buyer, other.org, disclosure="named")
    buyer.meeting = _meeting(session, buyer_org, a)
    other.meeting = _meeting(session, other_buyer, other)
    session.commit()
    return World(a=a, b=other, buyer=buyer)


def _meeting(session: Session, buyer_org, supplier: SimpleNamespace):
    """A scheduled meeting of the buyer with the supplier, with an action on its process and a share link."""
    meeting = PartnerMeeting(buyer_id=buyer_org.id, held_on=date(2026, 11, 20), title="Pulse", kind="pulse")
    meeting.suppliers = [supplier.org]
    session.add(meeting)
    session.flush()
    supplier.action = ActionItem(
        meeting_id=meeting.id,
        supplier_id=supplier.org.id,
        process_id=supplier.process.id,
        text="Train a second person",
        owner_side="supplier",
        plan_requested=True,
    )
    session.add(supplier.action)
    supplier.share_link = ShareLink(
        meeting_id=meeting.id, secret_hash="0" * 64, expires_at=datetime(2099, 1, 1)
    )
    session.add(supplier.share_link)
    session.flush()
    return meeting
