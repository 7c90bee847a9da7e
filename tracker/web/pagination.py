"""Paging through long lists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, request
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Page:
    items: list[Any]
    number: int
    pages: int
    total: int

    @classmethod
    def empty(cls) -> Page:
        """No items (a list whose filter was refused)."""
        return cls([], 1, 1, 0)


def paginate(session: Session, statement: Select, per_page: int | None = None) -> Page:
    """The page of `statement` named by the `page` query argument (out of range: the last)."""
    per_page = per_page or current_app.config["PER_PAGE"]
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    pages = max(1, -(-total // per_page))
    number = min(max(request.args.get("page", 1, type=int), 1), pages)
    items = session.scalars(statement.limit(per_page).offset((number - 1) * per_page)).all()
    return Page(list(items), number, pages, total)
