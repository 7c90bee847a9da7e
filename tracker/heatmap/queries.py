"""The SQL behind a buyer's heatmap and portfolio: a fixed number of statements, whatever the partners.

- `directory_statement`: the partners and categories that label the map (sent first by every
  heatmap and portfolio).
- `cells_statement`: today's heatmap from the stored scores (`CurrentScore`, kept by
  `tracker.heatmap.stored`); the cells come out of SQL whole, a row each, with a row
  saying whether the stored scores are current.
- `levels_statement`: the scored processes behind the heatmap on any date, with or without open
  plans taken as delivered (the projection), from `scores.counting_holders` over the current
  levels, or the levels valid on a past date (the as-of view): E, Q and T per process; D and
  each cell's worst process are left to Python.
- `portfolio_statement`: every process of the partners with its truck-factor removal step.

The directory and cells statements are built once with bound parameters.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from sqlalchemy import (
    Date,
    Float,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
)

from tracker.models import (
    CurrentScore,
    DataVersion,
    Engineer,
    Organization,
    Partnership,
    Process,
    ProcessCategory,
)
from tracker.models.versions import VERSION_ROW
from tracker.scoring_sql import counting_holders, teaches
from tracker.tenancy import is_partner, partner_ids

DIRECTORY = {  # the shape of the directory rows, typed for PostgreSQL's UNION
    "kind": String,
    "id": Integer,
    "code": String,
    "name": String,
    "name_ja": String,
    "disclosure": String,
    "position": Integer,
}
PROCESS = [  # a process row starts with these, in ScoredProcess order
    Process.id,
    Process.supplier_id,
    Process.category_id,
    Process.code,
    Process.name,
    Process.site,
    Process.criticality,
    Process.required,
]


def _directory_row(kind: str, columns: dict) -> list:
    """`columns` in DIRECTORY order after a `kind` marker, a typed NULL where this kind has none."""
    return [literal(kind).label("kind")] + [
        columns.get(name, cast(null(), type_)).label(name) for name, type_ in list(DIRECTORY.items())[1:]
    ]


@lru_cache(maxsize=1)
def directory_statement():
    """The partners ("s") and the categories ("c") that label the map. Parameter: buyer_id."""
    partners = (
        select(
            *_directory_row(
                "s",
                {
                    "id": Partnership.supplier_id,
                    "code": Organization.code,
                    "name": Organization.name,
                    "disclosure": Partnership.disclosure,
                },
            )
        )
        .join(Organization, Organization.id == Partnership.supplier_id)
        .where(is_partner(bindparam("buyer_id", type_=Integer)))
    )
    categories = select(
        *_directory_row(
            "c",
            {
                "id": ProcessCategory.id,
                "code": ProcessCategory.code,
                "name": ProcessCategory.name_en,
                "name_ja": ProcessCategory.name_ja,
                "position": ProcessCategory.position,
            },
        )
    )
    return union_all(partners, categories)


CELL_COLUMNS = {  # after supplier_id, category_id and processes, in the order of heatmap.Cell
    "code": String,
    "name": String,
    "effective": Float,
    "qualified": Integer,
    "dependency": Float,
    "band": String,
}


@lru_cache(maxsize=8)
def cells_statement(has_category: bool, has_site: bool, has_supplier: bool = False):
    """The heatmap cells from the stored scores (`CurrentScore`): a row per cell, in `Cell` order.

    A cell's worst process is its lowest severity rank: one pass over the covering index
    `ix_current_score_cell` finds it and counts the cell's processes, one lookup by (supplier,
    severity) reads it. A last row of NULLs comes back when the stored scores are for :on and
    :horizon, seen in the same snapshot as the cells: without it, the cells must not be used.
    Parameters: buyer_id, on, horizon, criticality_1 and criticality_2 (equal for one), and
    category_id / site / supplier_id when the shape has them.
    """
    stored = CurrentScore
    selected = and_(
        stored.supplier_id.in_(partner_ids(bindparam("buyer_id", type_=Integer))),
        stored.criticality.in_([bindparam("criticality_1"), bindparam("criticality_2")]),
    )
    if has_category:
        selected = and_(selected, stored.category_id == bindparam("category_id"))
    if has_site:
        selected = and_(selected, stored.site == bindparam("site"))
    if has_supplier:
        selected = and_(selected, stored.supplier_id == bindparam("supplier_id"))
    cells = (
        select(
            stored.supplier_id,
            stored.category_id,
            func.min(stored.severity).label("severity"),
            func.count().label("processes"),
        )
        .where(selected)
        .group_by(stored.supplier_id, stored.category_id)
        .subquery("cells")
    )
    worst = (
        select(
            cells.c.supplier_id,
            cells.c.category_id,
            cells.c.processes,
            *(getattr(stored, name) for name in CELL_COLUMNS),
        )
        .select_from(cells)
        .join(stored, and_(stored.supplier_id == cells.c.supplier_id, stored.severity == cells.c.severity))
    )
    nulls = {"supplier_id": Integer, "category_id": Integer, "processes": Integer} | CELL_COLUMNS
    current = select(*(cast(null(), type_).label(name) for name, type_ in nulls.items())).where(
        DataVersion.id == VERSION_ROW,
        DataVersion.scores_on == bindparam("on", type_=Date),
        DataVersion.scores_horizon == bindparam("horizon", type_=Float),
    )
    return union_all(worst, current)


def cells_parameters(
    buyer_id: int,
    on: date,
    horizon: float,
    criticalities: tuple[str, ...],
    category_id,
    site,
    supplier_id=None,
) -> dict:
    first, *rest = criticalities
    params = {
        "buyer_id": buyer_id,
        "on": on,
        "horizon": horizon,
        "criticality_1": first,
        "criticality_2": rest[0] if rest else first,
    }
    if category_id is not None:
        params["category_id"] = category_id
    if site:
        params["site"] = site
    if supplier_id is not None:
        params["supplier_id"] = supplier_id
    return params


def levels_statement(
    buyer_id: int, on: date, plans_until: date | None, horizon: float, filters, history: bool = False
) -> Select:
    """Process rows (PROCESS, then E, Q, T) of the critical processes that pass `filters` on `on`.

    Open plans due by `plans_until` count as delivered; with `history`, the levels are those
    valid on `on`.
    """
    selected = and_(
        Process.supplier_id.in_(partner_ids(buyer_id)),
        Process.criticality.in_(filters.criticalities()),
    )
    if filters.category_id is not None:
        selected = and_(selected, Process.category_id == filters.category_id)
    if filters.site:
        selected = and_(selected, Process.site == filters.site)
    if filters.supplier_id is not None:
        selected = and_(selected, Process.supplier_id == filters.supplier_id)
    holders = counting_holders(selected, on, horizon=horizon, plans_until=plans_until, history=history)
    return (
        select(
            *PROCESS,
            func.coalesce(func.sum(holders.c.a), 0.0),
            func.count(holders.c.engineer_id),
            func.count(case((teaches(holders.c.level, holders.c.a), 1))),
        )
        .outerjoin(holders, holders.c.process_id == Process.id)
        .where(selected)
        .group_by(Process.id)
    )


def portfolio_statement(
    buyer_id: int, on: date, plans_until: date | None, horizon: float, history: bool = False
) -> Select:
    """Process rows (PROCESS, then E, Q, T and the truck-factor removal step) of every partner process
    (with `history`, from the levels valid on `on`)."""
    partner_processes = Process.supplier_id.in_(partner_ids(buyer_id))
    holders = counting_holders(
        partner_processes, on, horizon=horizon, plans_until=plans_until, history=history
    )
    loads = (
        select(
            holders.c.process_id,
            holders.c.engineer_id,
            holders.c.level,
            holders.c.a,
            Engineer.supplier_id,
            func.count().over(partition_by=holders.c.engineer_id).label("load"),
        )
        .join(Engineer, Engineer.id == holders.c.engineer_id)
        .subquery("loads")
    )
    ranked = select(
        loads.c.process_id,
        loads.c.level,
        loads.c.a,
        func.dense_rank()
        .over(partition_by=loads.c.supplier_id, order_by=(loads.c.load.desc(), loads.c.engineer_id))
        .label("rank"),
    ).subquery("ranked")
    per_process = (
        select(
            ranked.c.process_id,
            func.sum(ranked.c.a).label("e"),
            func.count().label("q"),
            func.count(case((teaches(ranked.c.level, ranked.c.a), 1))).label("t"),
            func.max(ranked.c.rank).label("step"),
        )
        .group_by(ranked.c.process_id)
        .subquery("per_process")
    )
    return (
        select(
            *PROCESS,
            func.coalesce(per_process.c.e, 0.0),
            func.coalesce(per_process.c.q, 0),
            func.coalesce(per_process.c.t, 0),
            func.coalesce(per_process.c.step, 0),
        )
        .outerjoin(per_process, per_process.c.process_id == Process.id)
        .where(partner_processes)
    )
