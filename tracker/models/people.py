"""A supplier's engineers and the dated history of their status."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models._types import utcnow
from tracker.models.base import Base

ENGINEER_STATUSES = ("active", "leave", "left")
AWAY_STATUSES = ("leave", "left")  # the statuses a dated period records


class Engineer(Base):
    """A supplier's technical employee; needs no login."""

    __tablename__ = "engineer"
    __table_args__ = (
        UniqueConstraint("supplier_id", "employee_code"),
        CheckConstraint("status IN ('active', 'leave', 'left')", name="status"),
        CheckConstraint(
            "retires_on IS NULL OR hired_on IS NULL OR retires_on > hired_on",
            name="retires_after_hire",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    employee_code: Mapped[str] = mapped_column(String(40))
    site: Mapped[str] = mapped_column(String(100), default="")
    hired_on: Mapped[date | None]
    retires_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(10), default="active")  # today's, as last recorded
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    periods: Mapped[list[EngineerStatusPeriod]] = relationship(
        order_by="(EngineerStatusPeriod.starts_on, EngineerStatusPeriod.id)", viewonly=True
    )

    def active_on(self, on: date) -> bool:
        """The Python twin of `scoring_sql.active_on` (the periods must be loaded)."""
        return status_on(self.periods, on) == "active"


class EngineerStatusPeriod(Base):
    """A dated stretch away: on leave from `starts_on` to `ends_on`, or left on `starts_on`.

    The history of the engineer's status, so that a past date knows who was active; outside
    every period the engineer is active. `ends_on` is the last day away (none: still away);
    a 'left' period gets one only when the engineer comes back.
    """

    __tablename__ = "engineer_status_period"
    __table_args__ = (
        CheckConstraint("status IN ('leave', 'left')", name="status"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
        Index("ix_engineer_status_period_engineer", "engineer_id", "starts_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    engineer_id: Mapped[int] = mapped_column(ForeignKey("engineer.id"))
    status: Mapped[str] = mapped_column(String(10))
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @classmethod
    def of(
        cls, engineer: Engineer, status: str, starts_on: date, ends_on: date | None = None, note: str = ""
    ) -> EngineerStatusPeriod:
        """A period of `engineer` (of the engineer's supplier)."""
        return cls(
            supplier_id=engineer.supplier_id,
            engineer_id=engineer.id,
            status=status,
            starts_on=starts_on,
            ends_on=ends_on,
            note=note,
        )

    def covers(self, on: date) -> bool:
        """True when the engineer is away on `on` by this period."""
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)


def status_on(periods: Iterable[EngineerStatusPeriod], on: date) -> str:
    """The status on `on`: that of the latest-starting period covering it, else 'active'."""
    covering = [p for p in periods if p.covers(on)]
    return max(covering, key=lambda p: (p.starts_on, p.id or 0)).status if covering else "active"
