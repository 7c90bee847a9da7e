"""A supplier's kinds of certificate and its engineers' certificates.

A `CertificateType` (技能検定 機械加工 1級, an in-house licence …) qualifies for some of the
supplier's processes; when it is `required`, a level on those processes counts only while the
engineer holds a valid certificate of the type (`scoring.certify`, `scoring_sql.certified`).
A `Certificate` is one engineer's: number, issue and expiry dates, and an optional scanned
document kept outside the web root (`tracker.certificates.documents`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models._types import utcnow
from tracker.models.base import Base
from tracker.models.processes import Process

certificate_type_process = Table(
    "certificate_type_process",
    Base.metadata,
    Column("certificate_type_id", ForeignKey("certificate_type.id", ondelete="CASCADE"), primary_key=True),
    Column("process_id", ForeignKey("process.id", ondelete="CASCADE"), primary_key=True),
    # The scoring looks up a process's required types (scoring_sql.certified).
    Index("ix_certificate_type_process_process", "process_id", "certificate_type_id"),
)
"""The processes a certificate type qualifies for (of the type's own supplier)."""


class CertificateType(Base):
    """A supplier's kind of licence or qualification, and the processes it qualifies for."""

    __tablename__ = "certificate_type"
    __table_args__ = (
        UniqueConstraint("supplier_id", "name", "grade"),
        CheckConstraint("validity_months IS NULL OR validity_months >= 1", name="validity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    issuer: Mapped[str] = mapped_column(String(200), default="")
    grade: Mapped[str] = mapped_column(String(100), default="")
    validity_months: Mapped[int | None]
    required: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    processes: Mapped[list[Process]] = relationship(secondary=certificate_type_process, order_by=Process.code)

    @property
    def label(self) -> str:
        """The type named in one line: "技能検定 機械加工 1級"."""
        return f"{self.name} {self.grade}" if self.grade else self.name


class Certificate(Base):
    """One engineer's certificate of a type, with its dates and an optional document."""

    __tablename__ = "certificate"
    __table_args__ = (
        CheckConstraint("expires_on IS NULL OR expires_on > issued_on", name="expires_after_issue"),
        CheckConstraint(
            "document_key IS NULL OR (document_type IS NOT NULL AND document_size IS NOT NULL)",
            name="document_described",
        ),
        # The scoring's look-up: the engineer's certificates of a type (scoring_sql.certified).
        Index("ix_certificate_holder", "engineer_id", "certificate_type_id", "issued_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    engineer_id: Mapped[int] = mapped_column(ForeignKey("engineer.id"))
    certificate_type_id: Mapped[int] = mapped_column(ForeignKey("certificate_type.id"), index=True)
    number: Mapped[str] = mapped_column(String(100), default="")
    issued_on: Mapped[date]
    expires_on: Mapped[date | None]
    document_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    document_name: Mapped[str | None] = mapped_column(String(200))
    document_type: Mapped[str | None] = mapped_column(String(40))
    document_size: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    certificate_type: Mapped[CertificateType] = relationship(lazy="joined")

    def state(self, today: date, warning_days: int) -> str:
        """'expired' (on or before `today`), 'expiring' (within `warning_days`) or 'valid'."""
        if self.expires_on is None:
            return "valid"
        left = (self.expires_on - today).days
        if left <= 0:
            return "expired"
        return "expiring" if left <= warning_days else "valid"
