"""Organizations, their users, and buyer-supplier partnerships."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models._types import utcnow
from tracker.models.base import Base

ORG_KINDS = ("supplier", "buyer")
ROLES = ("viewer", "editor", "admin")
DISCLOSURES = ("aggregate", "pseudonymous", "named")
PARTNERSHIP_STATUSES = ("proposed", "accepted", "declined", "ended")


class Organization(Base):
    __tablename__ = "organization"
    __table_args__ = (CheckConstraint("kind IN ('supplier', 'buyer')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_supplier(self) -> bool:
        return self.kind == "supplier"

    @property
    def is_buyer(self) -> bool:
        return self.kind == "buyer"


class User(Base):
    """A person with a login; belongs to one organization."""

    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint("role IN ('viewer', 'editor', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(10), default="viewer")
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    must_change_password: Mapped[bool] = mapped_column(default=False)
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    """Part of every session and remember cookie of the user; raising it ends them all."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organization: Mapped[Organization] = relationship(lazy="joined")

    # Flask-Login protocol
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active and self.organization.active

    def get_id(self) -> str:
        """The identity a session or remember cookie carries: the id and the session generation."""
        return f"{self.id}:{self.session_generation}"

    def has_role(self, role: str) -> bool:
        """True when the user's role is `role` or above it."""
        return ROLES.index(self.role) >= ROLES.index(role)


class Partnership(Base):
    """A buyer-supplier link, proposed by the buyer and accepted by the supplier."""

    __tablename__ = "partnership"
    __table_args__ = (
        CheckConstraint("status IN ('proposed', 'accepted', 'declined', 'ended')", name="status"),
        CheckConstraint("disclosure IN ('aggregate', 'pseudonymous', 'named')", name="disclosure"),
        Index("ix_partnership_pair", "buyer_id", "supplier_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="proposed")
    disclosure: Mapped[str] = mapped_column(String(14), default="aggregate")
    proposed_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]

    buyer: Mapped[Organization] = relationship(foreign_keys=[buyer_id], lazy="joined")
    supplier: Mapped[Organization] = relationship(foreign_keys=[supplier_id], lazy="joined")
