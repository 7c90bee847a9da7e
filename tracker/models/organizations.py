"""Organizations, their users, and buyer-supplier partnerships."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models._types import utcnow
from tracker.models.base import Base

ORG_KINDS = ("supplier", "buyer")
ROLES = ("viewer", "editor", "admin")
DISCLOSURES = ("aggregate", "pseudonymous", "named")
PARTNERSHIP_STATUSES = ("proposed", "accepted", "declined", "ended")


DEFAULT_TIMEZONE = "Asia/Tokyo"


class Organization(Base):
    """A supplier or a buyer: its names, sites and time zone, set on its first run."""

    __tablename__ = "organization"
    __table_args__ = (CheckConstraint("kind IN ('supplier', 'buyer')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    """The organization's own name, as it writes it (in Japanese for a Japanese company)."""
    name_en: Mapped[str] = mapped_column(String(200), default="", server_default="")
    """Its name in English, shown to English readers when set."""
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    active: Mapped[bool] = mapped_column(default=True)
    sites: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Its sites (plants), offered wherever a site is typed."""
    timezone: Mapped[str] = mapped_column(
        String(64), default=DEFAULT_TIMEZONE, server_default=DEFAULT_TIMEZONE
    )
    """The zone its people read times in."""
    set_up_at: Mapped[datetime | None]
    """When an admin completed the first run; None until then."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def display_name(self, locale: str) -> str:
        """The name for a reader of `locale`: the English one for English readers, when set."""
        return self.name_en if locale == "en" and self.name_en else self.name

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
    digest: Mapped[bool] = mapped_column(default=False, server_default="0")
    """Whether the user gets the daily e-mail digest (supplier users, by their own choice)."""
    digest_sent_on: Mapped[date | None]
    """The day the last digest was sent to the user."""
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
