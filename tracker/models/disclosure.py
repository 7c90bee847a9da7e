"""Per-buyer aliases for a supplier's engineers, shown under `pseudonymous` disclosure."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.models.base import Base


class EngineerAlias(Base):
    """The stable alias ("K-07") one buyer sees for one engineer.

    Assigned on first use: one random letter per (buyer, supplier) pair, then the next number of
    that pair, handed out in random order; so an alias says nothing of the name, the employee code
    or the order of registration, and another buyer gets its own, unrelated alias.
    """

    __tablename__ = "engineer_alias"
    __table_args__ = (UniqueConstraint("buyer_id", "supplier_id", "number"),)

    buyer_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), primary_key=True)
    engineer_id: Mapped[int] = mapped_column(ForeignKey("engineer.id"), primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    prefix: Mapped[str] = mapped_column(String(2))
    number: Mapped[int]

    @property
    def label(self) -> str:
        return f"{self.prefix}-{self.number:02d}"
