"""A supplier's own dependency map: rows = categories or processes, columns = sites."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import and_
from sqlalchemy.orm import Session

from tracker import scoring
from tracker.heatmap.figures import own_figure
from tracker.heatmap.service import Filters, scoring_date
from tracker.labels import code_name
from tracker.models import Process
from tracker.scoring_sql import Scored, score_processes
from tracker.tenancy import Scope, owns


@dataclass(frozen=True)
class OwnMap:
    on: date
    projected: bool
    figure: dict
    bands: Counter
    processes: int
    as_of: date | None = None  # set when the map replays a past date


def _worse(item: Scored, other: Scored) -> bool:
    return _rank(item) < _rank(other)


def _rank(item: Scored) -> tuple:
    return scoring.worst_first(item.score.dependency, item.score.effective, item.process.code)


def own_map(
    session: Session,
    scope: Scope,
    today: date,
    *,
    rows_by: str,
    filters: Filters,
    locale: str,
    horizon: float,
) -> OwnMap:
    """The supplier's critical processes scored (today, projected, or as of the past date
    `filters.as_of`) and laid out by row and site."""
    on, plans_until = scoring_date(today, filters.projected, filters.as_of)
    history = filters.as_of is not None
    where = and_(owns(scope, Process), Process.criticality.in_(filters.criticalities()))
    if filters.category_id is not None:
        where = and_(where, Process.category_id == filters.category_id)
    scored = score_processes(session, where, on, horizon=horizon, plans_until=plans_until, history=history)
    sites = sorted({item.process.site for item in scored})
    rows: dict[int, str] = {}  # row key -> label, in order
    for item in scored:
        if rows_by == "process":
            rows[item.process.id] = code_name(item.process.code, item.process.name)
        else:
            rows.setdefault(item.process.category_id, item.process.category.name(locale))
    row_of = {key: i for i, key in enumerate(rows)}
    cells: dict[tuple[int, int], tuple] = {}
    for item in scored:
        key = item.process.id if rows_by == "process" else item.process.category_id
        position = (row_of[key], sites.index(item.process.site))
        current = cells.get(position)
        if current is None:
            cells[position] = (item, 1, item.process.category_id)
        else:
            worst = item if _worse(item, current[0]) else current[0]
            cells[position] = (worst, current[1] + 1, worst.process.category_id)
    figure = own_figure(
        list(rows.values()),
        [site or _("(no site)") for site in sites],
        cells,
        _("Process") if rows_by == "process" else _("Process category"),
        lambda category_id: url_for("skills.matrix", category=category_id),
    )
    return OwnMap(
        on=on,
        projected=plans_until is not None,
        figure=figure,
        bands=Counter(item.score.band for item in scored),
        processes=len(scored),
        as_of=filters.as_of,
    )
