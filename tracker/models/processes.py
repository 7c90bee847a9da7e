"""The shared process taxonomy and each supplier's critical processes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql import ColumnElement

from tracker import scoring
from tracker.models._types import utcnow
from tracker.models.base import Base

CRITICALITIES = ("A", "B", "C")


def code_name(code: str, name: str) -> str:
    """A coded record named in one line, as every page, figure and export names it: "W-01 · TIG welding"."""
    return f"{code} · {name}"


def default_required(criticality: str) -> int:
    """The required headcount R a process gets unless it sets its own."""
    return 3 if criticality == "A" else 2


class ProcessCategory(Base):
    """A shared taxonomy row, so heatmaps align across suppliers."""

    __tablename__ = "process_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_en: Mapped[str] = mapped_column(String(100))
    name_ja: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)

    def name(self, locale: str) -> str:
        return self.name_ja if locale == "ja" else self.name_en


class Process(Base):
    """A supplier's own critical process."""

    __tablename__ = "process"
    __table_args__ = (
        UniqueConstraint("supplier_id", "code"),
        CheckConstraint("criticality IN ('A', 'B', 'C')", name="criticality"),
        CheckConstraint("required >= 2", name="required_at_least_two"),
        CheckConstraint("lapse_months IS NULL OR lapse_months >= 1", name="lapse_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("process_category.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    criticality: Mapped[str] = mapped_column(String(1), default="A")
    required: Mapped[int] = mapped_column(default=3)
    site: Mapped[str] = mapped_column(String(100), default="")
    lapse_months: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    category: Mapped[ProcessCategory] = relationship(lazy="joined")

    @hybrid_property
    def is_critical(self) -> bool:
        """A or B (`scoring.is_critical`); in SQL, the same condition on the column."""
        return scoring.is_critical(self.criticality)

    @is_critical.inplace.expression
    @classmethod
    def _is_critical_expression(cls) -> ColumnElement[bool]:
        return cls.criticality.in_(scoring.CRITICAL)
