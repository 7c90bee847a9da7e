"""The data version: one counter bumped by every write to the data the heatmaps are made of."""

from __future__ import annotations

from sqlalchemy.orm import Mapped, mapped_column

from tracker.db import Base


class DataVersion(Base):
    """A single row (id 1); `tracker.cache` bumps it in the transaction of each change."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
