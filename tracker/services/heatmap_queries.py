"""The SQL behind a buyer's heatmap and portfolio: one statement each, whatever the partner count.

Every statement returns rows of one shape (`ROW`), told apart by their first column:
"p" a scored process, "s" a partner supplier, "c" a category. So one round trip brings the
scores and the names to label them with. E, Q and T are SQL aggregates; D and the band come
from `scoring` in Python (a CASE per row in SQL costs more than the function call).

Today's scores come from a LEFT JOIN of each selected process to its counting current levels
(the partial index `ix_current_level_counting` covers them) and their engineers, grouped by
process: no per-process subquery and no sort. The statement is built once per filter shape with
bound parameters. The projection and the portfolio go through `scores.counting_holders`, the
same SQL as `score_processes`.
"""

from __future__ import annotations

from datetime import date, timedelta
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
    or_,
    select,
    union_all,
)

from tracker import scoring
from tracker.models import CurrentLevel, Engineer, Organization, Partnership, Process, ProcessCategory
from tracker.services.scores import LAPSE_CHOICES, counting_holders
from tracker.sqlfuncs import days_between

CRITICAL = ("A", "B")
ROW = {  # the one shape of every row, typed for PostgreSQL's UNION; [1:12] starts a ScoredProcess
    "kind": String,
    "id": Integer,
    "supplier_id": Integer,
    "category_id": Integer,
    "code": String,
    "name": String,
    "site": String,
    "criticality": String,
    "required": Integer,
    "effective": Float,
    "qualified": Integer,
    "trainers": Integer,
    "step": Integer,
    "name_ja": String,
    "disclosure": String,
    "position": Integer,
}
PROCESS = {
    "id": Process.id,
    "supplier_id": Process.supplier_id,
    "category_id": Process.category_id,
    "code": Process.code,
    "name": Process.name,
    "site": Process.site,
    "criticality": Process.criticality,
    "required": Process.required,
}


def _shaped(kind: str, columns: dict) -> list:
    """`columns` in ROW order after a `kind` marker, NULL where this kind has no value.

    Process rows leave their NULLs untyped (cheaper per row); the few directory rows type theirs,
    which is all PostgreSQL needs to resolve the UNION's column types.
    """

    def empty(type_):
        return null() if kind == "p" else cast(null(), type_)

    return [literal(kind).label("kind")] + [
        columns.get(name, empty(type_)).label(name) for name, type_ in list(ROW.items())[1:]
    ]


def _grouped(effective, qualified, trainers) -> Select:
    """Process rows with these aggregates; to complete with FROM, WHERE and GROUP BY."""
    return select(
        *_shaped("p", PROCESS | {"effective": effective, "qualified": qualified, "trainers": trainers})
    )


def partners_where(buyer_id):
    return and_(
        Partnership.buyer_id == buyer_id,
        Partnership.status == "accepted",
        Organization.active.is_(True),
    )


def partner_ids(buyer_id) -> Select:
    return (
        select(Partnership.supplier_id)
        .join(Organization, Organization.id == Partnership.supplier_id)
        .where(partners_where(buyer_id))
    )


def _directory(buyer_id) -> list[Select]:
    """The rows naming the partners ("s") and the categories ("c")."""
    partner_columns = {
        "id": Partnership.supplier_id,
        "supplier_id": Partnership.supplier_id,
        "code": Organization.code,
        "name": Organization.name,
        "disclosure": Partnership.disclosure,
    }
    category_columns = {
        "id": ProcessCategory.id,
        "category_id": ProcessCategory.id,
        "code": ProcessCategory.code,
        "name": ProcessCategory.name_en,
        "name_ja": ProcessCategory.name_ja,
        "position": ProcessCategory.position,
    }
    return [
        select(*_shaped("s", partner_columns))
        .join(Organization, Organization.id == Partnership.supplier_id)
        .where(partners_where(buyer_id)),
        select(*_shaped("c", category_columns)),
    ]


def _selection(buyer_id, has_category: bool, has_site: bool):
    selected = and_(
        Process.supplier_id.in_(partner_ids(buyer_id)),
        Process.criticality.in_(bindparam("criticalities", expanding=True)),
    )
    if has_category:
        selected = and_(selected, Process.category_id == bindparam("category_id"))
    if has_site:
        selected = and_(selected, Process.site == bindparam("site"))
    return selected


def full_availability_from(on: date, horizon: float) -> date:
    """The first retirement date whose availability on `on` is 1 (as `scoring.availability` computes it)."""
    days = int(scoring.DAYS_PER_YEAR * horizon)
    while days / scoring.DAYS_PER_YEAR / horizon < 1.0:
        days += 1
    while (days - 1) / scoring.DAYS_PER_YEAR / horizon >= 1.0:
        days -= 1
    return on + timedelta(days=days)


@lru_cache(maxsize=16)
def today_statement(has_category: bool, has_site: bool, horizon: float):
    """Scores of the selected critical processes on :on, then the directory rows.

    Parameters: buyer_id, on, full_from (`full_availability_from`), lapse_<months> (the cut-off
    of each LAPSE_CHOICES value), criticalities, and category_id / site when the shape has them.
    """
    buyer_id = bindparam("buyer_id", type_=Integer)
    on = bindparam("on", type_=Date)
    selected = _selection(buyer_id, has_category, has_site)
    level = CurrentLevel
    lapse_cutoff = case(
        {months: bindparam(f"lapse_{months}", type_=Date) for months in LAPSE_CHOICES},
        value=Process.lapse_months,
        else_=None,
    )
    holder = Engineer.id.is_not(None)
    availability = case(
        (or_(Engineer.retires_on.is_(None), Engineer.retires_on >= bindparam("full_from", type_=Date)), 1.0),
        else_=days_between(Engineer.retires_on, on) / scoring.DAYS_PER_YEAR / horizon,
    )
    processes = (
        _grouped(
            func.coalesce(func.sum(case((holder, availability))), 0.0),
            func.count(Engineer.id),
            func.count(case((and_(holder, level.level == 4), 1))),
        )
        .outerjoin(
            level,
            and_(
                level.process_id == Process.id,
                level.level >= 3,
                or_(level.expires_on.is_(None), level.expires_on > on),
                or_(
                    Process.lapse_months.is_(None),
                    and_(level.practised_on.is_not(None), level.practised_on >= lapse_cutoff),
                ),
            ),
        )
        .outerjoin(
            Engineer,
            and_(
                Engineer.id == level.engineer_id,
                Engineer.status == "active",
                or_(Engineer.retires_on.is_(None), Engineer.retires_on > on),
            ),
        )
        .where(selected)
        .group_by(Process.id)
    )
    return union_all(processes, *_directory(buyer_id))


def today_parameters(buyer_id: int, on: date, horizon: float, criticalities, category_id, site) -> dict:
    params = {
        "buyer_id": buyer_id,
        "on": on,
        "full_from": full_availability_from(on, horizon),
        "criticalities": list(criticalities),
        **{f"lapse_{months}": scoring.subtract_months(on, months) for months in LAPSE_CHOICES},
    }
    if category_id is not None:
        params["category_id"] = category_id
    if site:
        params["site"] = site
    return params


def projected_statement(buyer_id: int, on: date, plans_until: date, horizon: float, has_category, has_site):
    """Like `today_statement` on `on`, with open plans due by `plans_until` taken as delivered."""
    selected = _selection(buyer_id, has_category, has_site)
    holders = counting_holders(selected, on, horizon=horizon, plans_until=plans_until)
    processes = (
        _grouped(
            func.coalesce(func.sum(holders.c.a), 0.0),
            func.count(holders.c.engineer_id),
            func.count(case((holders.c.level == 4, 1))),
        )
        .outerjoin(holders, holders.c.process_id == Process.id)
        .where(selected)
        .group_by(Process.id)
    )
    return union_all(processes, *_directory(buyer_id))


def portfolio_statement(buyer_id: int, on: date, plans_until: date | None, horizon: float):
    """Scores and truck-factor removal steps of every process of the partners, then the directory."""
    partner_processes = Process.supplier_id.in_(partner_ids(buyer_id))
    holders = counting_holders(partner_processes, on, horizon=horizon, plans_until=plans_until)
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
            func.count(case((ranked.c.level == 4, 1))).label("t"),
            func.max(ranked.c.rank).label("step"),
        )
        .group_by(ranked.c.process_id)
        .subquery("per_process")
    )
    processes = (
        select(
            *_shaped(
                "p",
                PROCESS
                | {
                    "effective": func.coalesce(per_process.c.e, 0.0),
                    "qualified": func.coalesce(per_process.c.q, 0),
                    "trainers": func.coalesce(per_process.c.t, 0),
                    "step": func.coalesce(per_process.c.step, 0),
                },
            )
        )
        .outerjoin(per_process, per_process.c.process_id == Process.id)
        .where(partner_processes)
    )
    return union_all(processes, *_directory(buyer_id))
