"""Each process's stored score, derived from the current levels for fast heatmaps."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.models.base import Base


class CurrentScore(Base):
    """A process's E, Q, T, D and band on the date in `data_version.scores_on`.

    Derived data: `tracker.heatmap.stored` rewrites a supplier's rows in the transaction
    of any change to its levels, engineers or processes, and every row when the date changes.
    `severity` ranks a supplier's processes from the most dependent (D descending, then E
    ascending, then code): the worst process of any subset is the one with the smallest rank.
    The process's category, criticality, site, code and name are copied here, so that a heatmap
    cell is read from this table alone.
    """

    __tablename__ = "current_score"
    __table_args__ = (
        UniqueConstraint("supplier_id", "severity"),
        Index("ix_current_score_cell", "supplier_id", "category_id", "criticality", "site", "severity"),
    )

    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"), primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    category_id: Mapped[int] = mapped_column(ForeignKey("process_category.id"))
    criticality: Mapped[str] = mapped_column(String(1))
    site: Mapped[str] = mapped_column(String(100))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    effective: Mapped[float]
    qualified: Mapped[int]
    trainers: Mapped[int]
    dependency: Mapped[float]
    band: Mapped[str] = mapped_column(String(10))
    severity: Mapped[int]
