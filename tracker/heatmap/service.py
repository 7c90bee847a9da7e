"""A buyer's dependency heatmap and portfolio summary, from SQL aggregates over the current levels.

- `buyer_heatmap`: two statements (tracker.heatmap.queries); each cell (supplier,
  category) holds the partner's critical process with the highest D in the category (ties: lowest
  E, then code), as DESIGN.md defines the heatmap cell. Today's cells are read whole from the
  stored scores (tracker.heatmap.stored); another date, the projection, or stored scores
  not yet refreshed for today score the processes from the levels and pick the worst here.
  As of a past date (`Filters.as_of`), the same scoring replays the history: the levels, the
  expiries, retirements and engineer statuses valid on that date (`scoring_sql.levels_as_of`).
- `buyer_portfolio`: two statements score every process of every partner and give each its
  truck-factor removal step, for the summary above the map.

Truck factor from removal steps: `scoring.truck_factor` removes engineers in the order (most
processes counted on, then lowest id), an order no removal changes, since removing one engineer
changes no one else's count. A process loses its last holder at the highest rank among its holders
(0 with none), so the truck factor is the smallest k for which more than half of the processes
have a step <= k.

The numbers agree with `scoring.score_process` (tests/test_demo_heatmap.py checks every cell).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import repeat
from operator import itemgetter
from typing import NamedTuple

from sqlalchemy.orm import Session

from tracker import scoring
from tracker.heatmap import queries
from tracker.tenancy import Scope
from tracker.training.projection import default_until

WORST = 10


class ScoredProcess(NamedTuple):
    """One partner process with its scores: plain values, no ORM object."""

    id: int
    supplier_id: int
    category_id: int
    code: str
    name: str
    site: str
    criticality: str
    required: int
    effective: float
    qualified: int
    trainers: int
    dependency: float
    band: str
    step: int = 0  # the truck-factor removal step (portfolio only)

    @property
    def is_critical(self) -> bool:
        return scoring.is_critical(self.criticality)


@dataclass(frozen=True)
class Filters:
    """What the buyer narrows the map to; `projected` scores a year ahead with open plans delivered."""

    criticality: str = ""  # "", "A" or "B"
    category_id: int | None = None
    site: str = ""
    projected: bool = False
    supplier_id: int | None = None  # one partner only
    as_of: date | None = None  # a past date: the map as it was then (the projection does not apply)

    def criticalities(self) -> tuple[str, ...]:
        return (self.criticality,) if scoring.is_critical(self.criticality) else scoring.CRITICAL

    def admits(self, process: ScoredProcess) -> bool:
        """True when `process` is critical and passes these filters."""
        return (
            process.criticality in self.criticalities()
            and (self.category_id is None or process.category_id == self.category_id)
            and (not self.site or process.site == self.site)
            and (self.supplier_id is None or process.supplier_id == self.supplier_id)
        )


@dataclass(frozen=True)
class Partner:
    supplier_id: int
    code: str
    name: str
    disclosure: str


@dataclass(frozen=True)
class Category:
    id: int
    code: str
    name_en: str
    name_ja: str
    position: int

    def name(self, locale: str) -> str:
        return self.name_ja if locale == "ja" else self.name_en


class Cell(NamedTuple):
    """A heatmap cell: a supplier's critical processes in a category, and the worst of them."""

    supplier_id: int
    category_id: int
    processes: int  # how many critical processes the cell covers
    code: str  # the worst of them, and its scores
    name: str
    effective: float
    qualified: int
    dependency: float
    band: str


@dataclass(frozen=True)
class Heatmap:
    on: date
    projected: bool
    partners: list[Partner]
    categories: list[Category]  # those with a cell, in taxonomy order
    cells: list[Cell]  # the filled cells, in no particular order
    as_of: date | None = None  # set when the map replays a past date

    def by_position(self) -> dict[tuple[int, int], Cell]:
        """The cells by (supplier id, category id)."""
        return {(cell.supplier_id, cell.category_id): cell for cell in self.cells}


@dataclass
class Portfolio:
    """Every process of every partner, scored, with each partner's truck factor."""

    on: date
    projected: bool
    partners: list[Partner]
    categories: list[Category]
    processes: list[ScoredProcess]
    truck_factors: dict[int, int] = field(default_factory=dict)
    as_of: date | None = None  # set when the summary replays a past date

    def sites(self) -> list[str]:
        return sorted({p.site for p in self.processes if p.site})

    def selected(self, filters: Filters) -> list[ScoredProcess]:
        """The critical processes that pass the filters."""
        return [p for p in self.processes if filters.admits(p)]

    def bands(self, filters: Filters) -> Counter:
        return Counter(p.band for p in self.selected(filters))

    def worst(self, filters: Filters, limit: int = WORST) -> list[ScoredProcess]:
        names = {partner.supplier_id: partner.name for partner in self.partners}
        ranked = sorted(
            self.selected(filters),
            key=lambda p: scoring.worst_first(p.dependency, p.effective, names[p.supplier_id], p.code),
        )
        return ranked[:limit]

    def by_truck_factor(self) -> list[tuple[Partner, int]]:
        """Partners from the lowest truck factor (the most exposed) up; ties by name."""
        return sorted(
            ((p, self.truck_factors.get(p.supplier_id, 0)) for p in self.partners),
            key=lambda pair: (pair[1], pair[0].name),
        )


def scoring_date(today: date, projected: bool, as_of: date | None = None) -> tuple[date, date | None]:
    """The date to score on, and the due date up to which open plans count as delivered.

    A past date `as_of` is scored as it was (no plan counts as delivered), projected or not.
    """
    if as_of is not None:
        return as_of, None
    if projected:
        until = default_until(today)
        return until, until
    return today, None


# Positions in a process row (heatmap_queries.PROCESS, then E, Q, T and, in the portfolio, the step).
CODE, NAME, R, E, Q, STEP = 3, 4, 7, 8, 9, 11


def _scored(row, step: int = 0) -> ScoredProcess:
    """A process row, with its D, band and step, as a ScoredProcess."""
    dependency = scoring.dependency_for(row[E], row[R])
    return ScoredProcess._make((*row[:11], dependency, scoring.band_for(dependency), step))


class _Directory:
    """The partners and categories that label a map."""

    def __init__(self, rows) -> None:
        self.partners: dict[int, Partner] = {}
        self.categories: dict[int, Category] = {}
        for kind, id_, code, name, name_ja, disclosure, position in rows:
            if kind == "s":
                self.partners[id_] = Partner(id_, code, name, disclosure)
            else:
                self.categories[id_] = Category(id_, code, name, name_ja, position)

    def sorted_partners(self) -> list[Partner]:
        return sorted(self.partners.values(), key=lambda p: p.name)

    def categories_of(self, category_ids) -> list[Category]:
        chosen = (self.categories[cid] for cid in set(category_ids))
        return sorted(chosen, key=lambda c: (c.position, c.id))


def _driver_rows(session: Session, statement, params: dict | None = None) -> list[tuple]:
    """The statement's rows as the driver's plain tuples (for columns that need no result processor).

    Wrapping thousands of rows in Row objects would cost a fifth of the heatmap's query.
    """
    result = session.connection().execute(statement, params)  # Core: a CursorResult
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def _directory(session: Session, buyer_id: int) -> _Directory:
    return _Directory(_driver_rows(session, queries.directory_statement(), {"buyer_id": buyer_id}))


def _stored_cells(
    session: Session, buyer_id: int, on: date, filters: Filters, horizon: float
) -> list[Cell] | None:
    """The cells from the stored scores, read whole from SQL; None when they are not those of `on`.

    The statement's last row, all NULL, says they are current; the others come in `Cell` order
    and are made Cells in C (`Cell._make` is a Python call per row).
    """
    statement = queries.cells_statement(
        filters.category_id is not None, bool(filters.site), filters.supplier_id is not None
    )
    params = queries.cells_parameters(
        buyer_id, on, horizon, filters.criticalities(), filters.category_id, filters.site, filters.supplier_id
    )
    rows = _driver_rows(session, statement, params)
    cells = [row for row in rows if row[0] is not None]
    if len(cells) == len(rows):  # no "current" row
        return None
    return list(map(tuple.__new__, repeat(Cell), cells))


def _levels_cells(
    session: Session, buyer_id: int, on: date, plans_until: date | None, filters: Filters, horizon: float
) -> list[Cell]:
    """The cells scored from the levels (as they were on `filters.as_of`, when set); each cell's
    worst process (ties: lowest E, then code) picked here."""
    statement = queries.levels_statement(
        buyer_id, on, plans_until, horizon, filters, history=filters.as_of is not None
    )
    # (supplier, category) -> [the worst process's sort key, D, row, processes]
    best: dict[tuple[int, int], list] = {}
    dependency_for, worst_first = scoring.dependency_for, scoring.worst_first
    for row in session.execute(statement).all():
        dependency = dependency_for(row[E], row[R])
        rank = worst_first(dependency, row[E], row[CODE])
        key = (row[1], row[2])
        current = best.get(key)
        if current is None:
            best[key] = [rank, dependency, row, 1]
            continue
        current[3] += 1
        if rank < current[0]:
            current[0], current[1], current[2] = rank, dependency, row
    return [
        Cell(*key, n, row[CODE], row[NAME], row[E], row[Q], d, scoring.band_for(d))
        for key, (_rank, d, row, n) in best.items()
    ]


def buyer_heatmap(
    session: Session,
    scope: Scope,
    today: date,
    filters: Filters = Filters(),
    *,
    horizon: float = scoring.DEFAULT_HORIZON_YEARS,
) -> Heatmap:
    """The buyer's heatmap on `today`, projected a year ahead, or as of the past date
    `filters.as_of`: two statements.

    Today's cells come from the stored scores when they are today's (see `current_scores.ensure`);
    otherwise (then a third statement), for the projection and for a past date, from the levels.
    """
    on, plans_until = scoring_date(today, filters.projected, filters.as_of)
    buyer_id = scope.organization_id
    directory = _directory(session, buyer_id)
    today_only = plans_until is None and filters.as_of is None
    cells = _stored_cells(session, buyer_id, on, filters, horizon) if today_only else None
    if cells is None:
        cells = _levels_cells(session, buyer_id, on, plans_until, filters, horizon)
    return Heatmap(
        on=on,
        projected=plans_until is not None,
        partners=[p for p in directory.sorted_partners() if filters.supplier_id in (None, p.supplier_id)],
        categories=directory.categories_of(map(itemgetter(1), cells)),
        cells=cells,
        as_of=filters.as_of,
    )


def truck_factor_from_steps(steps: list[int]) -> int:
    """The truck factor of processes whose last holder goes at these removal steps (see above)."""
    total = len(steps)
    for k, step in enumerate(sorted(steps), start=1):
        if k * 2 > total:
            return step
    return 0


def buyer_portfolio(
    session: Session,
    scope: Scope,
    today: date,
    projected: bool = False,
    *,
    horizon: float = scoring.DEFAULT_HORIZON_YEARS,
    as_of: date | None = None,
) -> Portfolio:
    """Every process of every partner scored on `today` (or projected, or as of the past date
    `as_of`), with truck factors: two statements."""
    on, plans_until = scoring_date(today, projected, as_of)
    buyer_id = scope.organization_id
    directory = _directory(session, buyer_id)
    processes: list[ScoredProcess] = []
    steps: dict[int, list[int]] = defaultdict(list)
    statement = queries.portfolio_statement(buyer_id, on, plans_until, horizon, history=as_of is not None)
    for row in session.execute(statement).all():
        process = _scored(row, row[STEP])
        processes.append(process)
        steps[process.supplier_id].append(process.step)
    return Portfolio(
        on=on,
        projected=plans_until is not None,
        partners=directory.sorted_partners(),
        categories=directory.categories_of(p.category_id for p in processes),
        processes=processes,
        truck_factors={sid: truck_factor_from_steps(steps[sid]) for sid in directory.partners},
        as_of=as_of,
    )
