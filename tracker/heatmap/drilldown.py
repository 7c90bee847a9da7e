"""A buyer's drill-down into one partner's critical processes of a category, as disclosure allows.

Persons reach the result only as labels from `disclosure.person_labels` (aliases or names); under
`aggregate` the result holds counts and no label, id or name at all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from tracker import scoring
from tracker.heatmap.service import scoring_date
from tracker.models import Partnership, Process, TrainingPlan
from tracker.partnerships.disclosure import person_labels, policy
from tracker.scoring_sql import score_processes, teachers
from tracker.tenancy import owner_scope, owns


@dataclass(frozen=True)
class PlanLine:
    """An open training plan; trainee and trainer as labels (pseudonymous or named only)."""

    trainee: str
    trainer: str
    from_level: int
    target_level: int
    due_on: date
    status: str


@dataclass(frozen=True)
class ProcessLine:
    code: str
    name: str
    criticality: str
    site: str
    required: int
    qualified: int
    effective: float
    dependency: float
    band: str
    trainer_count: int
    key_count: int
    plan_count: int
    trainers: tuple[str, ...] = ()  # empty under aggregate: show the counts
    key_persons: tuple[str, ...] = ()
    plans: tuple[PlanLine, ...] = ()


@dataclass(frozen=True)
class Drilldown:
    on: date
    projected: bool
    disclosure: str
    people: bool  # persons are shown (as aliases or names), not only counts
    lines: list[ProcessLine]
    as_of: date | None = None  # set when the view replays a past date


def drilldown(
    session: Session,
    partnership: Partnership,
    category_id: int,
    today: date,
    *,
    criticalities: tuple[str, ...] = scoring.CRITICAL,
    site: str = "",
    projected: bool = False,
    horizon: float = scoring.DEFAULT_HORIZON_YEARS,
    as_of: date | None = None,
) -> Drilldown:
    """The supplier's critical processes of the category with Q, E, D, band, trainers, key persons, plans.

    `partnership` is the buyer's partnership in force with the supplier (`tenancy.partnership`);
    its disclosure decides what the result says of people. With `as_of`, a past date, as it was
    then (the levels, expiries, retirements and statuses valid on that date).
    """
    buyer_id, supplier_id, disclosure = partnership.buyer_id, partnership.supplier_id, partnership.disclosure
    supplier = owner_scope(partnership)  # the supplier's rows, read through the partnership in force
    on, plans_until = scoring_date(today, projected, as_of)
    history = as_of is not None
    where = and_(
        owns(supplier, Process),
        Process.category_id == category_id,
        Process.criticality.in_(criticalities),
    )
    if site:
        where = and_(where, Process.site == site)
    scored = score_processes(session, where, on, horizon=horizon, plans_until=plans_until, history=history)
    trainers: dict[int, list[int]] = defaultdict(list)
    teaching = teachers(where, on, horizon=horizon, plans_until=plans_until, history=history)
    for process_id, engineer_id in session.execute(teaching):
        trainers[process_id].append(engineer_id)
    plans: dict[int, list[TrainingPlan]] = defaultdict(list)
    for plan in session.scalars(
        select(TrainingPlan)
        .where(
            TrainingPlan.process_id.in_([item.process.id for item in scored]),
            owns(supplier, TrainingPlan),
            TrainingPlan.open_on(on, today),
        )
        .order_by(TrainingPlan.due_on, TrainingPlan.id)
    ):
        plans[plan.process_id].append(plan)
    rule = policy(disclosure)
    labels: dict[int, str] = {}
    if rule.people:
        people = {e for item in scored for e in item.score.key_persons}
        people |= {e for ids in trainers.values() for e in ids}
        people |= {e for items in plans.values() for p in items for e in (p.trainee_id, p.trainer_id)}
        labels = person_labels(session, buyer_id, supplier_id, disclosure, people)
    lines = []
    for item in scored:
        process, score = item.process, item.score
        open_plans = plans.get(process.id, [])
        line = ProcessLine(
            code=process.code,
            name=process.name,
            criticality=process.criticality,
            site=process.site,
            required=process.required,
            qualified=score.qualified,
            effective=score.effective,
            dependency=score.dependency,
            band=score.band,
            trainer_count=score.trainers,
            key_count=len(score.key_persons),
            plan_count=len(open_plans),
        )
        if rule.people:
            line = replace(
                line,
                trainers=tuple(sorted(labels[e] for e in trainers.get(process.id, []))),
                key_persons=tuple(sorted(labels[e] for e in score.key_persons)),
                plans=tuple(
                    PlanLine(
                        labels[p.trainee_id],
                        labels[p.trainer_id],
                        p.from_level,
                        p.target_level,
                        p.due_on,
                        p.status,
                    )
                    for p in open_plans
                ),
            )
        lines.append(line)
    lines.sort(key=lambda line: scoring.worst_first(line.dependency, line.effective, line.code))
    return Drilldown(
        on=on,
        projected=plans_until is not None,
        disclosure=rule.level,
        people=rule.people,
        lines=lines,
        as_of=as_of,
    )
