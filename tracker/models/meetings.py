"""Partner meetings: a buyer and one supplier (or several, a portfolio review), their agenda,
comments, agreed action items, the frozen snapshot of a closed meeting, and its share links."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models._types import utcnow
from tracker.models.base import Base
from tracker.models.organizations import Organization
from tracker.models.processes import Process
from tracker.models.training import TrainingPlan

MEETING_KINDS = ("pulse", "quarterly", "escalation")
MEETING_STATUSES = ("scheduled", "closed")
ACTION_STATUSES = ("open", "done", "dropped")
OWNER_SIDES = ("buyer", "supplier")

meeting_supplier = Table(
    "meeting_supplier",
    Base.metadata,
    Column("meeting_id", ForeignKey("partner_meeting.id", ondelete="CASCADE"), primary_key=True),
    Column("supplier_id", ForeignKey("organization.id"), primary_key=True, index=True),
)


class PartnerMeeting(Base):
    """A dated meeting of a buyer with one supplier, or with several (a portfolio review)."""

    __tablename__ = "partner_meeting"
    __table_args__ = (
        CheckConstraint("kind IN ('pulse', 'quarterly', 'escalation')", name="kind"),
        CheckConstraint("status IN ('scheduled', 'closed')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    held_on: Mapped[date]
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(12), default="pulse")
    status: Mapped[str] = mapped_column(String(10), default="scheduled")
    buyer_attendees: Mapped[str] = mapped_column(Text, default="")
    supplier_attendees: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    buyer: Mapped[Organization] = relationship(foreign_keys=[buyer_id], lazy="joined")
    suppliers: Mapped[list[Organization]] = relationship(
        secondary=meeting_supplier, lazy="selectin", order_by=Organization.name
    )
    agenda: Mapped[list[AgendaPoint]] = relationship(
        lazy="selectin", order_by="AgendaPoint.position, AgendaPoint.id", cascade="all, delete-orphan"
    )

    @property
    def is_closed(self) -> bool:
        return self.status == "closed"

    @property
    def is_portfolio(self) -> bool:
        return len(self.suppliers) > 1

    @property
    def supplier_ids(self) -> list[int]:
        return [supplier.id for supplier in self.suppliers]


class AgendaPoint(Base):
    """One point of a meeting's agenda, written by either side."""

    __tablename__ = "meeting_agenda_point"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("partner_meeting.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))  # the side that wrote it
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MeetingComment(Base):
    """A comment on a meeting, before or after it, by a user of either side."""

    __tablename__ = "meeting_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("partner_meeting.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    author: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organization: Mapped[Organization] = relationship(lazy="joined")


class ActionItem(Base):
    """An action agreed in a meeting; one on a supplier process may become a training plan."""

    __tablename__ = "action_item"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'done', 'dropped')", name="status"),
        CheckConstraint("owner_side IN ('buyer', 'supplier')", name="owner_side"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("partner_meeting.id", ondelete="CASCADE"), index=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    process_id: Mapped[int | None] = mapped_column(ForeignKey("process.id"))
    text: Mapped[str] = mapped_column(Text)
    owner_side: Mapped[str] = mapped_column(String(10), default="supplier")
    owner_name: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(10), default="open")
    evidence: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[date | None]
    plan_requested: Mapped[bool] = mapped_column(default=False)
    training_plan_id: Mapped[int | None] = mapped_column(ForeignKey("training_plan.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    meeting: Mapped[PartnerMeeting] = relationship(lazy="joined")
    supplier: Mapped[Organization] = relationship(lazy="joined")
    process: Mapped[Process | None] = relationship(lazy="joined")
    plan: Mapped[TrainingPlan | None] = relationship(lazy="joined")

    @property
    def is_open(self) -> bool:
        return self.status == "open"


class MeetingSnapshot(Base):
    """What a closed meeting showed, frozen (tracker.meetings.board): written once, never rewritten."""

    __tablename__ = "meeting_snapshot"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("partner_meeting.id", ondelete="CASCADE"), unique=True)
    taken_on: Mapped[date]  # the data's date: the meeting's
    board: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ShareLink(Base):
    """A read-only link to one meeting's view; the URL carries a signed id and a secret whose
    hash alone is stored."""

    __tablename__ = "share_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("partner_meeting.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
