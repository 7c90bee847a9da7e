"""A buyer's dependency heatmap and portfolio summary, from SQL aggregates over the current levels.

- `buyer_heatmap`: one statement (tracker.services.heatmap_queries) scores every critical process
  of every partner that passes the filters; each cell (supplier, category) holds the process with
  the highest D (ties: lowest E, then code), as DESIGN.md defines the heatmap cell.
- `buyer_portfolio`: one statement scores every process of every partner and gives each its
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
from typing import NamedTuple

from sqlalchemy.orm import Session

from tracker import scoring
from tracker.services import heatmap_queries as queries
from tracker.services.projection import default_until

CRITICAL = queries.CRITICAL
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
        return self.criticality in CRITICAL


@dataclass(frozen=True)
class Filters:
    """What the buyer narrows the map to; `projected` scores a year ahead with open plans delivered."""

    criticality: str = ""  # "", "A" or "B"
    category_id: int | None = None
    site: str = ""
    projected: bool = False

    def criticalities(self) -> tuple[str, ...]:
        return (self.criticality,) if self.criticality in CRITICAL else CRITICAL

    def admits(self, process: ScoredProcess) -> bool:
        """True when `process` is critical and passes these filters."""
        return (
            process.criticality in self.criticalities()
            and (self.category_id is None or process.category_id == self.category_id)
            and (not self.site or process.site == self.site)
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
    """A heatmap cell: the worst of a supplier's critical processes in a category."""

    supplier_id: int
    category_id: int
    worst: ScoredProcess
    processes: int  # how many critical processes the cell covers


@dataclass(frozen=True)
class Heatmap:
    on: date
    projected: bool
    partners: list[Partner]
    categories: list[Category]  # those with a cell, in taxonomy order
    cells: dict[tuple[int, int], Cell]


@dataclass
class Portfolio:
    """Every process of every partner, scored, with each partner's truck factor."""

    on: date
    projected: bool
    partners: list[Partner]
    categories: list[Category]
    processes: list[ScoredProcess]
    truck_factors: dict[int, int] = field(default_factory=dict)

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
            self.selected(filters), key=lambda p: (-p.dependency, p.effective, names[p.supplier_id], p.code)
        )
        return ranked[:limit]

    def by_truck_factor(self) -> list[tuple[Partner, int]]:
        """Partners from the lowest truck factor (the most exposed) up; ties by name."""
        return sorted(
            ((p, self.truck_factors.get(p.supplier_id, 0)) for p in self.partners),
            key=lambda pair: (pair[1], pair[0].name),
        )


def scoring_date(today: date, projected: bool) -> tuple[date, date | None]:
    """The date to score on, and the due date up to which open plans count as delivered."""
    if projected:
        until = default_until(today)
        return until, until
    return today, None


# Positions in a statement's rows (tracker.services.heatmap_queries.ROW).
CODE, R, E, STEP, NAME_JA, DISCLOSURE, POSITION = 4, 8, 9, 12, 13, 14, 15


def _scored(row, dependency: float, step: int = 0) -> ScoredProcess:
    """A process row with its D, and the band and step, as a ScoredProcess (ROW[1:12] comes first)."""
    return ScoredProcess._make((*row[1:12], dependency, scoring.band_for(dependency), step))


class _Directory:
    """The partner and category rows of a statement's result; the process rows are the caller's."""

    def __init__(self) -> None:
        self.partners: dict[int, Partner] = {}
        self.categories: dict[int, Category] = {}

    def add(self, row) -> None:
        if row[0] == "s":
            self.partners[row[1]] = Partner(row[1], row[CODE], row[CODE + 1], row[DISCLOSURE])
        else:
            self.categories[row[1]] = Category(row[1], row[CODE], row[CODE + 1], row[NAME_JA], row[POSITION])

    def sorted_partners(self) -> list[Partner]:
        return sorted(self.partners.values(), key=lambda p: p.name)

    def categories_of(self, category_ids) -> list[Category]:
        chosen = (self.categories[cid] for cid in set(category_ids))
        return sorted(chosen, key=lambda c: (c.position, c.id))


def _heatmap_rows(session: Session, buyer_id: int, today: date, filters: Filters, horizon: float):
    on, plans_until = scoring_date(today, filters.projected)
    has_category, has_site = filters.category_id is not None, bool(filters.site)
    if plans_until is None:
        statement = queries.today_statement(has_category, has_site, horizon)
        params = queries.today_parameters(
            buyer_id, on, horizon, filters.criticalities(), filters.category_id, filters.site
        )
    else:
        statement = queries.projected_statement(buyer_id, on, plans_until, horizon, has_category, has_site)
        params = {"criticalities": list(filters.criticalities())}
        params |= {"category_id": filters.category_id} if has_category else {}
        params |= {"site": filters.site} if has_site else {}
    return session.execute(statement, params).all()


def buyer_heatmap(
    session: Session,
    buyer_id: int,
    today: date,
    filters: Filters = Filters(),
    *,
    horizon: float = scoring.DEFAULT_HORIZON_YEARS,
) -> Heatmap:
    """The buyer's heatmap on `today`, or projected a year ahead: one statement."""
    directory = _Directory()
    best: dict[tuple[int, int], list] = {}  # (supplier, category) -> [D, worst row, processes]
    dependency_for = scoring.dependency_for
    for row in _heatmap_rows(session, buyer_id, today, filters, horizon):
        if row[0] != "p":
            directory.add(row)
            continue
        dependency = dependency_for(row[E], row[R])
        key = (row[2], row[3])
        current = best.get(key)
        if current is None:
            best[key] = [dependency, row, 1]
            continue
        current[2] += 1
        worst = current[1]
        if dependency > current[0] or (
            dependency == current[0] and (row[E], row[CODE]) < (worst[E], worst[CODE])
        ):
            current[0], current[1] = dependency, row
    return Heatmap(
        on=scoring_date(today, filters.projected)[0],
        projected=filters.projected,
        partners=directory.sorted_partners(),
        categories=directory.categories_of(cid for _sid, cid in best),
        cells={key: Cell(*key, _scored(row, dependency), n) for key, (dependency, row, n) in best.items()},
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
    buyer_id: int,
    today: date,
    projected: bool = False,
    *,
    horizon: float = scoring.DEFAULT_HORIZON_YEARS,
) -> Portfolio:
    """Every process of every partner scored on `today` (or projected), with truck factors: one statement."""
    on, plans_until = scoring_date(today, projected)
    directory = _Directory()
    processes: list[ScoredProcess] = []
    steps: dict[int, list[int]] = defaultdict(list)
    statement = queries.portfolio_statement(buyer_id, on, plans_until, horizon)
    for row in session.execute(statement).all():
        if row[0] != "p":
            directory.add(row)
            continue
        process = _scored(row, scoring.dependency_for(row[E], row[R]), row[STEP])
        processes.append(process)
        steps[process.supplier_id].append(process.step)
    return Portfolio(
        on=on,
        projected=projected,
        partners=directory.sorted_partners(),
        categories=directory.categories_of(p.category_id for p in processes),
        processes=processes,
        truck_factors={sid: truck_factor_from_steps(steps[sid]) for sid in directory.partners},
    )
