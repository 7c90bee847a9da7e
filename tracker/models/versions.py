"""The data version, and the date and horizon the stored process scores are for."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Mapped, mapped_column

from tracker.models.base import Base

VERSION_ROW = 1
"""The id of the single row."""


class DataVersion(Base):
    """A single row (id 1).

    `version`: `tracker.heatmap.cache` bumps it in the transaction of each change to heatmap data.
    `scores_on`, `scores_horizon`: what the `current_score` rows were computed for
    (`tracker.heatmap.stored`); NULL until the first refresh.
    """

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
    scores_on: Mapped[date | None]
    scores_horizon: Mapped[float | None]
