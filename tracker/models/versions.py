"""The data version, and the date and horizon the stored process scores are for."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Mapped, mapped_column

from tracker.db import Base


class DataVersion(Base):
    """A single row (id 1).

    `version`: `tracker.cache` bumps it in the transaction of each change to heatmap data.
    `scores_on`, `scores_horizon`: what the `current_score` rows were computed for
    (`tracker.services.current_scores`); NULL until the first refresh.
    """

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
    scores_on: Mapped[date | None]
    scores_horizon: Mapped[float | None]
