"""A supplier's engineers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.models._types import utcnow
from tracker.models.base import Base

ENGINEER_STATUSES = ("active", "leave", "left")


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
    status: Mapped[str] = mapped_column(String(10), default="active")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_active(self) -> bool:
        return self.status == "active"
