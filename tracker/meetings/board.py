"""What a meeting shows of its suppliers on a date: every process scored, the map's cells, the
key persons, and the facts behind each red process. A closed meeting freezes its board
(`MeetingSnapshot.board`, `Board.to_json`); an open one computes it, as of any date, from the
assessment history with the same scoring code as every other view (`score_processes(history=True)`),
so a snapshot equals the as-of view of its date.

The board keeps engineer ids (key persons), never names: a page shows persons only as the
partnership's disclosure allows when it is rendered (tracker.meetings.service.person_labels).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import scoring
from tracker.heatmap.service import Category, Cell, Heatmap, Partner
from tracker.models import Engineer, Organization, Process, ProcessCategory, TrainingPlan
from tracker.scoring_sql import counting_holders, score_processes


@dataclass(frozen=True)
class Line:
    """One process of a supplier on the board, with its scores and the facts behind them."""

    supplier_id: int
    process_id: int
    category_id: int
    code: str
    name: str
    criticality: str
    required: int
    qualified: int
    effective: float
    trainers: int
    dependency: float
    band: str
    key_persons: tuple[int, ...] = ()
    retiring: tuple[str, ...] = ()  # ISO retirement dates of counting holders within the horizon
    plans: tuple[tuple[str, int], ...] = ()  # open plans on the date: (ISO due date, target level)

    @property
    def is_critical(self) -> bool:
        return scoring.is_critical(self.criticality)


@dataclass(frozen=True)
class Board:
    on: date
    partners: tuple[Partner, ...]  # the suppliers shown, with the disclosure in force when built
    categories: tuple[Category, ...]  # those of the lines, in taxonomy order
    lines: tuple[Line, ...]  # by supplier name, then category, then code

    def critical(self, supplier_id: int | None = None) -> list[Line]:
        return [line for line in self.lines if line.is_critical and supplier_id in (None, line.supplier_id)]

    def line(self, process_id: int) -> Line | None:
        return next((line for line in self.lines if line.process_id == process_id), None)

    def bands(self, supplier_id: int | None = None) -> Counter:
        """How many critical processes are in each band."""
        return Counter(line.band for line in self.critical(supplier_id))

    def key_person_counts(self) -> dict[int, int]:
        """Per supplier, how many engineers are key persons on at least one critical process."""
        people: dict[int, set[int]] = {partner.supplier_id: set() for partner in self.partners}
        for line in self.critical():
            people[line.supplier_id].update(line.key_persons)
        return {supplier_id: len(ids) for supplier_id, ids in people.items()}

    def cells(self) -> list[Cell]:
        """The heatmap cells: per (supplier, category) the worst critical process (as the buyer's map)."""
        groups: dict[tuple[int, int], list[Line]] = defaultdict(list)
        for line in self.critical():
            groups[(line.supplier_id, line.category_id)].append(line)
        cells = []
        for (supplier_id, category_id), lines in groups.items():
            worst = min(lines, key=lambda x: scoring.worst_first(x.dependency, x.effective, x.code))
            cells.append(
                Cell(
                    supplier_id,
                    category_id,
                    len(lines),
                    worst.code,
                    worst.name,
                    worst.effective,
                    worst.qualified,
                    worst.dependency,
                    worst.band,
                )
            )
        return sorted(cells, key=lambda cell: (cell.supplier_id, cell.category_id))

    def heatmap(self) -> Heatmap:
        """The board as the buyer's heatmap (for the same figure), its categories those with a cell."""
        cells = self.cells()
        used = {cell.category_id for cell in cells}
        return Heatmap(
            on=self.on,
            projected=False,
            partners=list(self.partners),
            categories=[category for category in self.categories if category.id in used],
            cells=cells,
        )

    def only(self, supplier_ids: Iterable[int]) -> Board:
        """The board narrowed to these suppliers (what one side, or a share link, may see)."""
        keep = set(supplier_ids)
        lines = tuple(line for line in self.lines if line.supplier_id in keep)
        used = {line.category_id for line in lines}
        return Board(
            on=self.on,
            partners=tuple(p for p in self.partners if p.supplier_id in keep),
            categories=tuple(c for c in self.categories if c.id in used),
            lines=lines,
        )

    def worst(self) -> list[Line]:
        """The critical processes, the most dependent first."""
        names = {partner.supplier_id: partner.name for partner in self.partners}
        return sorted(
            self.critical(),
            key=lambda x: scoring.worst_first(x.dependency, x.effective, names[x.supplier_id], x.code),
        )

    # --- the frozen form ---------------------------------------------------------------------

    def to_json(self) -> dict:
        """The board as plain JSON values, with the cells and key-person counts it shows."""
        return {
            "on": self.on.isoformat(),
            "partners": [asdict(partner) for partner in self.partners],
            "categories": [asdict(category) for category in self.categories],
            "lines": [asdict(line) for line in self.lines],
            "cells": [cell._asdict() for cell in self.cells()],
            "key_persons": {str(k): v for k, v in self.key_person_counts().items()},
        }

    @classmethod
    def from_json(cls, data: dict) -> Board:
        return cls(
            on=date.fromisoformat(data["on"]),
            partners=tuple(Partner(**partner) for partner in data["partners"]),
            categories=tuple(Category(**category) for category in data["categories"]),
            lines=tuple(
                Line(
                    **{
                        **line,
                        "key_persons": tuple(line["key_persons"]),
                        "retiring": tuple(line["retiring"]),
                        "plans": tuple(tuple(plan) for plan in line["plans"]),
                    }
                )
                for line in data["lines"]
            ),
        )


def end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time())


def build(
    session: Session,
    partners: list[Partner],
    on: date,
    horizon: float,
    today: date,
) -> Board:
    """The board of these suppliers (already authorised by the caller) as of `on`: four statements."""
    supplier_ids = [partner.supplier_id for partner in partners]
    names = {partner.supplier_id: partner.name for partner in partners}
    selected = Process.supplier_id.in_(supplier_ids)
    scored = score_processes(session, selected, on, horizon=horizon, history=True)
    holders = counting_holders(selected, on, horizon=horizon, history=True, narrow=True)
    retiring: dict[int, list[str]] = defaultdict(list)
    for process_id, retires_on in session.execute(
        select(holders.c.process_id, Engineer.retires_on)
        .join(Engineer, Engineer.id == holders.c.engineer_id)
        .where(holders.c.a < 1.0)
        .order_by(Engineer.retires_on)
    ):
        retiring[process_id].append(retires_on.isoformat())
    plans: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for process_id, due_on, target in session.execute(
        select(TrainingPlan.process_id, TrainingPlan.due_on, TrainingPlan.target_level)
        .where(TrainingPlan.supplier_id.in_(supplier_ids), TrainingPlan.open_on(on, today))
        .order_by(TrainingPlan.due_on, TrainingPlan.id)
    ):
        plans[process_id].append((due_on.isoformat(), target))
    lines = [
        Line(
            supplier_id=item.process.supplier_id,
            process_id=item.process.id,
            category_id=item.process.category_id,
            code=item.process.code,
            name=item.process.name,
            criticality=item.process.criticality,
            required=item.process.required,
            qualified=item.score.qualified,
            effective=round(item.score.effective, 6),
            trainers=item.score.trainers,
            dependency=round(item.score.dependency, 6),
            band=item.score.band,
            key_persons=item.score.key_persons,
            retiring=tuple(retiring[item.process.id]),
            plans=tuple(plans[item.process.id]),
        )
        for item in scored
    ]
    category_ids = {line.category_id for line in lines}
    categories = [
        Category(c.id, c.code, c.name_en, c.name_ja, c.position)
        for c in session.scalars(
            select(ProcessCategory)
            .where(ProcessCategory.id.in_(category_ids))
            .order_by(ProcessCategory.position, ProcessCategory.id)
        )
    ]
    order = {c.id: i for i, c in enumerate(categories)}
    lines.sort(key=lambda x: (names[x.supplier_id], x.supplier_id, order[x.category_id], x.code))
    return Board(on=on, partners=tuple(partners), categories=tuple(categories), lines=tuple(lines))


def partners_of(session: Session, supplier_ids: Iterable[int], disclosures: dict[int, str]) -> list[Partner]:
    """The suppliers as board partners, by name, with the disclosure given for each."""
    organizations = session.scalars(
        select(Organization).where(Organization.id.in_(list(supplier_ids))).order_by(Organization.name)
    )
    return [Partner(o.id, o.code, o.name, disclosures.get(o.id, "aggregate")) for o in organizations]
