"""Training plans and the sessions logged against them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text, and_, or_
from sqlalchemy.ext.hybrid import hybrid_method, hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql import ColumnElement

from tracker.models._types import utcnow
from tracker.models.base import Base
from tracker.models.people import Engineer
from tracker.models.processes import Process

PLAN_STATUSES = ("planned", "in_progress", "done", "cancelled")
OPEN_STATUSES = ("planned", "in_progress")


class TrainingPlan(Base):
    __tablename__ = "training_plan"
    __table_args__ = (
        CheckConstraint("status IN ('planned', 'in_progress', 'done', 'cancelled')", name="status"),
        CheckConstraint("target_level > from_level AND target_level <= 4", name="target"),
        CheckConstraint("due_on >= starts_on", name="due_after_start"),
        CheckConstraint("trainee_id <> trainer_id", name="trainee_not_trainer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("engineer.id"), index=True)
    trainer_id: Mapped[int] = mapped_column(ForeignKey("engineer.id"), index=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id"), index=True)
    from_level: Mapped[int]
    target_level: Mapped[int]
    starts_on: Mapped[date]
    due_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(12), default="planned")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]  # when it was marked done or cancelled (unknown before 0005)

    trainee: Mapped[Engineer] = relationship(foreign_keys=[trainee_id], lazy="joined")
    trainer: Mapped[Engineer] = relationship(foreign_keys=[trainer_id], lazy="joined")
    process: Mapped[Process] = relationship(lazy="joined")

    @hybrid_property
    def is_open(self) -> bool:
        """Planned or in progress; in SQL, the same condition on the status."""
        return self.status in OPEN_STATUSES

    @is_open.inplace.expression
    @classmethod
    def _is_open_expression(cls) -> ColumnElement[bool]:
        return cls.status.in_(OPEN_STATUSES)

    @hybrid_method
    def is_overdue(self, today: date) -> bool:
        """Open and due before `today`; in SQL, the same condition."""
        return self.is_open and self.due_on < today

    @is_overdue.inplace.expression
    @classmethod
    def _is_overdue_expression(cls, today: date) -> ColumnElement[bool]:
        return and_(cls.status.in_(OPEN_STATUSES), cls.due_on < today)

    @classmethod
    def open_on(cls, day: date, today: date) -> ColumnElement[bool]:
        """THE rule of which plans were running on `day` (SQL), for every as-of view.

        On or after today: the open plans. Before: started by `day`, and not closed by then (still
        open, or closed after that day). A plan closed before `closed_at` was recorded (migration
        0005) counts when it was done and due on or after `day`; a cancelled one is left out.
        """
        if day >= today:
            return cls.is_open
        end = datetime.combine(day + timedelta(days=1), time())
        closed_later = or_(
            cls.closed_at >= end,
            and_(cls.closed_at.is_(None), cls.status == "done", cls.due_on >= day),
        )
        return and_(cls.starts_on <= day, or_(cls.is_open, closed_later))


class TrainingSession(Base):
    __tablename__ = "training_session"
    __table_args__ = (
        CheckConstraint("hours > 0 AND hours <= 24", name="hours"),
        CheckConstraint("level_assessed IS NULL OR level_assessed BETWEEN 0 AND 4", name="level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("training_plan.id"), index=True)
    held_on: Mapped[date]
    hours: Mapped[float] = mapped_column(Numeric(4, 2, asdecimal=False))
    content: Mapped[str] = mapped_column(Text, default="")
    level_assessed: Mapped[int | None]
    assessor: Mapped[str] = mapped_column(String(200), default="")
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
