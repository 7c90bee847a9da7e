"""Skill levels: the append-only assessment history and the current level beside it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.models._types import utcnow
from tracker.models.base import Base

LEVELS = (0, 1, 2, 3, 4)
LEVEL_LETTERS = {0: "-", 1: "I", 2: "L", 3: "U", 4: "O"}


class Assessment(Base):
    """One dated record of a level being set; never updated or deleted."""

    __tablename__ = "assessment"
    __table_args__ = (
        CheckConstraint("level BETWEEN 0 AND 4", name="level"),
        Index("ix_assessment_pair", "engineer_id", "process_id", "assessed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    engineer_id: Mapped[int] = mapped_column(ForeignKey("engineer.id"))
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id"), index=True)
    level: Mapped[int]
    assessed_on: Mapped[date]
    assessor: Mapped[str] = mapped_column(String(200), default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    expires_on: Mapped[date | None]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CurrentLevel(Base):
    """The latest assessment of each engineer-process pair, kept for fast aggregates.

    Written in the same transaction as the assessment it mirrors; `practised_on` is the
    latest assessment or logged training session on the process; `peak_level` the highest level
    any assessment of the pair ever recorded (a pair that never reached U counted on no date, so
    the as-of replay leaves it out).
    """

    __tablename__ = "current_level"
    __table_args__ = (
        CheckConstraint("level BETWEEN 0 AND 4", name="level"),
        Index("ix_current_level_process", "process_id", "level"),
        Index("ix_current_level_supplier", "supplier_id", "level"),
        # Covers the heatmap's per-process aggregate over the levels that can count.
        Index(
            "ix_current_level_counting",
            "process_id",
            "level",
            "engineer_id",
            "expires_on",
            "practised_on",
            sqlite_where=text("level >= 3"),
            postgresql_where=text("level >= 3"),
        ),
        # The pairs the as-of replay looks up: practised since the date, and once able to count.
        Index(
            "ix_current_level_replay",
            "practised_on",
            "engineer_id",
            "process_id",
            sqlite_where=text("peak_level >= 3"),
            postgresql_where=text("peak_level >= 3"),
        ),
    )

    engineer_id: Mapped[int] = mapped_column(ForeignKey("engineer.id"), primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id"), primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"))
    level: Mapped[int]
    assessed_on: Mapped[date]
    expires_on: Mapped[date | None]
    practised_on: Mapped[date | None]
    peak_level: Mapped[int]
