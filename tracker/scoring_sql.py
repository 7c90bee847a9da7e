"""The SQL twin of tracker.scoring: dependency scores for many processes at once, from SQL
aggregates over the current levels.

Each rule that the SQL needs is one expression here, named after the Python function it must
equal: `_holders` is `scoring.counts` and `scoring.availability`, `teaches` is
`scoring.teaches`, `active_on` is `Engineer.active_on` (who was active on a date, from the dated
status periods), `certified` is `scoring.certify` (a required certificate valid on the date;
`certify_holders` feeds the Python path the same certificates); dependency, band and key
persons come from the scoring module's own functions. The differential tests
(tests/test_scores_db.py, tests/test_demo_scores.py) hold the two paths equal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Float, Select, and_, case, exists, func, literal, or_, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.functions import FunctionElement

from tracker import scoring
from tracker.models import (
    Assessment,
    Certificate,
    CertificateType,
    CurrentLevel,
    Engineer,
    EngineerStatusPeriod,
    Process,
    TrainingPlan,
    TrainingSession,
    certificate_type_process,
)

LAPSE_CHOICES = (1, 2, 3, 6, 9, 12, 18, 24, 36)


def teaches(level, a):
    """SQL twin of `scoring.teaches`: a counting holder at level 4 (O) with a > 0 is a trainer."""
    return and_(level == scoring.TRAINER_LEVEL, a > 0)


def active_on(on: date):
    """SQL twin of `Engineer.active_on`: no leave or left period of the engineer covers `on`.

    The one rule for who is active on a date, today's view and the as-of view alike.
    """
    period = EngineerStatusPeriod
    return ~exists().where(
        period.engineer_id == Engineer.id,
        period.starts_on <= on,
        or_(period.ends_on.is_(None), period.ends_on >= on),
    )


def present_on(on: date):
    """Engineers still with the supplier on `on`: active then (`active_on`) and not retired by then."""
    return and_(active_on(on), or_(Engineer.retires_on.is_(None), Engineer.retires_on > on))


def certified(engineer_id, process_id, on: date):
    """SQL twin of `scoring.certify`: the engineer holds, on `on`, a valid certificate of every
    certificate type required on the process (issued on or before `on`, expiring after it or
    never). True where the process requires none.
    """
    link = certificate_type_process.c
    valid = (
        exists()
        .where(
            Certificate.engineer_id == engineer_id,
            Certificate.certificate_type_id == CertificateType.id,
            Certificate.issued_on <= on,
            or_(Certificate.expires_on.is_(None), Certificate.expires_on > on),
        )
        .correlate_except(Certificate)
    )
    return ~(
        exists()
        .where(
            link.process_id == process_id,
            CertificateType.id == link.certificate_type_id,
            CertificateType.required.is_(True),
            ~valid,
        )
        .correlate_except(certificate_type_process, CertificateType)
    )


def certify_holders(
    session: Session, holders: Mapping[int, Iterable[scoring.Holder]], on: date
) -> dict[int, list[scoring.Holder]]:
    """The Python path's side of `certified`: the holders per process id with `scoring.certify`
    applied on `on`, from the processes' required certificate types and the holders'
    certificates (two statements)."""
    holders = {pid: list(own) for pid, own in holders.items()}
    link = certificate_type_process.c
    required: dict[int, set[int]] = defaultdict(set)
    for process_id, type_id in session.execute(
        select(link.process_id, link.certificate_type_id)
        .join(CertificateType, CertificateType.id == link.certificate_type_id)
        .where(link.process_id.in_(list(holders)), CertificateType.required.is_(True))
    ):
        required[process_id].add(type_id)
    engineers = {h.engineer_id for pid in required for h in holders[pid]}
    held: dict[int, list[scoring.HeldCertificate]] = defaultdict(list)
    if engineers:
        for engineer_id, type_id, issued_on, expires_on in session.execute(
            select(
                Certificate.engineer_id,
                Certificate.certificate_type_id,
                Certificate.issued_on,
                Certificate.expires_on,
            ).where(Certificate.engineer_id.in_(sorted(engineers)))
        ):
            held[engineer_id].append(scoring.HeldCertificate(type_id, issued_on, expires_on))
    return {
        pid: [scoring.certify(h, required[pid], held[h.engineer_id], on) for h in own]
        if pid in required
        else own
        for pid, own in holders.items()
    }


class days_between(FunctionElement):
    """Whole days from the second date to the first, as a float."""

    type = Float()
    inherit_cache = True


@compiles(days_between)
def _days_sqlite(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return f"(julianday({compiler.process(later, **kw)}) - julianday({compiler.process(earlier, **kw)}))"


@compiles(days_between, "postgresql")
def _days_postgresql(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return (
        f"CAST(({compiler.process(later, **kw)}) - ({compiler.process(earlier, **kw)}) AS DOUBLE PRECISION)"
    )


class later_of(FunctionElement):
    """The later of two dates, neither NULL."""

    inherit_cache = True


@compiles(later_of)
def _later_sqlite(element, compiler, **kw):
    return f"max({compiler.process(element.clauses, **kw)})"


@compiles(later_of, "postgresql")
def _later_postgresql(element, compiler, **kw):
    return f"greatest({compiler.process(element.clauses, **kw)})"


@dataclass(frozen=True)
class Scored:
    """One process with its score on a date."""

    process: Process
    score: scoring.ProcessScore


def levels_as_of(on: date, process_filter=None) -> Select:
    """The (engineer, process) levels as they were on `on`, from the append-only history: every
    pair that could count then (the others had no level that changes a score).

    The level and expiry of the latest assessment on or before `on` (ties: the later recorded,
    as the current level follows); the last practice is the latest assessment or logged training
    session (as trainee) on or before `on`. A pair not practised since `on` (its current
    `practised_on`, the latest of both, on or before it) is its current level, read as it is;
    the pairs practised since are replayed from the history, each by an index search, but only
    those that ever reached a counting level (`peak_level`). On today it is the current-level
    table. With `process_filter` (a condition on `Process`), only those processes' levels: ten
    times faster for one supplier, slower for a whole portfolio.
    """
    current = CurrentLevel
    unchanged = select(
        current.engineer_id, current.process_id, current.level, current.expires_on, current.practised_on
    ).where(current.practised_on <= on)
    if process_filter is not None:
        unchanged = unchanged.join(Process, Process.id == current.process_id).where(process_filter)
    earlier = aliased(Assessment)
    latest = (
        select(earlier.id)
        .where(
            earlier.engineer_id == current.engineer_id,
            earlier.process_id == current.process_id,
            earlier.assessed_on <= on,
        )
        .order_by(earlier.assessed_on.desc(), earlier.id.desc())
        .limit(1)
        .correlate(current)
        .scalar_subquery()
    )
    session_day = (
        select(func.max(TrainingSession.held_on))
        .join(TrainingPlan, TrainingPlan.id == TrainingSession.plan_id)
        .where(
            TrainingPlan.trainee_id == current.engineer_id,
            TrainingPlan.process_id == current.process_id,
            TrainingSession.held_on <= on,
        )
        .correlate(current)
        .scalar_subquery()
    )
    replayed = (
        select(
            current.engineer_id,
            current.process_id,
            Assessment.level,
            Assessment.expires_on,
            later_of(Assessment.assessed_on, func.coalesce(session_day, Assessment.assessed_on)),
        )
        .join(Assessment, Assessment.id == latest)
        .where(
            current.peak_level >= min(scoring.COUNTING_LEVELS),
            or_(current.practised_on.is_(None), current.practised_on > on),
        )
    )
    if process_filter is not None:
        replayed = replayed.join(Process, Process.id == current.process_id).where(process_filter)
    return union_all(unchanged, replayed)


def _level_rows(
    on: date,
    plans_until: date | None,
    history: bool = False,
    process_filter=None,
    plans_from: date | None = None,
) -> Select:
    """Every (engineer, process) level on `on` (the current levels, or with `history` the levels
    as they were on `on`); with `plans_until`, open plans due by then count as delivered (with
    `plans_from`, only those due on or after it: overdue plans left out)."""
    current = (
        levels_as_of(on, process_filter)
        if history
        else select(
            CurrentLevel.engineer_id,
            CurrentLevel.process_id,
            CurrentLevel.level,
            CurrentLevel.expires_on,
            CurrentLevel.practised_on,
        )
    )
    if plans_until is None:
        return current
    planned = select(
        TrainingPlan.trainee_id,
        TrainingPlan.process_id,
        TrainingPlan.target_level,
        literal(None).label("expires_on"),
        TrainingPlan.due_on,
    ).where(TrainingPlan.is_open, TrainingPlan.due_on <= plans_until)
    if plans_from is not None:
        planned = planned.where(TrainingPlan.due_on >= plans_from)
    return union_all(current, planned)


def _holders(
    process_filter,
    on: date,
    horizon: float,
    plans_until: date | None,
    history: bool = False,
    narrow: bool = False,
    plans_from: date | None = None,
):
    """Holders that count on `on`, one row per engineer and process, with availability `a`.

    `narrow`: the filter selects few processes (a supplier's, a meeting's), so the as-of replay
    is limited to them first; for a whole portfolio it runs once over every level, filtered after.
    """
    rows = _level_rows(on, plans_until, history, process_filter if narrow else None, plans_from).subquery(
        "levels"
    )
    cutoffs = {months: scoring.subtract_months(on, months) for months in LAPSE_CHOICES}
    lapse_cutoff = case(cutoffs, value=Process.lapse_months, else_=None)
    counting = and_(
        rows.c.level >= 3,
        or_(rows.c.expires_on.is_(None), rows.c.expires_on > on),
        or_(
            Process.lapse_months.is_(None),
            and_(rows.c.practised_on.is_not(None), rows.c.practised_on >= lapse_cutoff),
        ),
        certified(rows.c.engineer_id, rows.c.process_id, on),
    )
    years = days_between(Engineer.retires_on, literal(on)) / scoring.DAYS_PER_YEAR / horizon
    a = case(
        (Engineer.retires_on.is_(None), 1.0),
        (years >= 1.0, 1.0),
        (years <= 0.0, 0.0),
        else_=years,
    )
    return (
        select(
            rows.c.process_id,
            rows.c.engineer_id,
            func.max(rows.c.level).label("level"),
            a.label("a"),
        )
        .join(Engineer, Engineer.id == rows.c.engineer_id)
        .join(Process, Process.id == rows.c.process_id)
        .where(
            process_filter,
            counting,
            present_on(on),
        )
        .group_by(rows.c.process_id, rows.c.engineer_id, Engineer.retires_on)
        .subquery("holders")
    )


def counting_holders(
    process_filter,
    on: date,
    *,
    horizon: float = scoring.DEFAULT_HORIZON_YEARS,
    plans_until: date | None = None,
    history: bool = False,
    narrow: bool = False,
):
    """The holders that count on `on`, as a subquery (process_id, engineer_id, level, a).

    One row per engineer and process, for aggregates beyond `score_processes` (the heatmap's
    truck factor, a drill-down's trainers). With `plans_until`, open plans count as delivered;
    with `history`, the levels are those valid on `on` (`levels_as_of`); `narrow` when the
    filter selects a few suppliers' processes, not a portfolio (see `_holders`).
    """
    return _holders(process_filter, on, horizon, plans_until, history, narrow)


def teachers(
    process_filter,
    on: date,
    *,
    horizon: float = scoring.DEFAULT_HORIZON_YEARS,
    plans_until: date | None = None,
    history: bool = False,
) -> Select:
    """(process_id, engineer_id) of everyone who may teach on `on` (`scoring.can_teach`).

    With `plans_until`, open plans count as delivered (the projection); with `history`, the
    levels are those valid on `on`.
    """
    holders = _holders(process_filter, on, horizon, plans_until, history, narrow=True)
    return select(holders.c.process_id, holders.c.engineer_id).where(teaches(holders.c.level, holders.c.a))


def score_processes(
    session: Session,
    process_filter,
    on: date,
    *,
    horizon: float = scoring.DEFAULT_HORIZON_YEARS,
    plans_until: date | None = None,
    plans_from: date | None = None,
    history: bool = False,
) -> list[Scored]:
    """Score every process matching `process_filter` (a SQL condition on `Process`) on `on`.

    With `plans_until`, open training plans due by then count as delivered (the projection;
    with `plans_from`, only the plans due on or after it, so overdue ones are left out);
    with `history`, as the levels were on `on` (the as-of view: the same rules, one date).
    Two statements, whatever the number of processes. (Its callers score one supplier, or a
    meeting's few: the as-of replay is limited to those processes, `narrow`.)
    """
    holders = _holders(process_filter, on, horizon, plans_until, history, narrow=True, plans_from=plans_from)
    e_total = func.sum(holders.c.a).over(partition_by=holders.c.process_id)
    with_totals = select(
        holders.c.process_id,
        holders.c.engineer_id,
        holders.c.level,
        holders.c.a,
        e_total.label("e"),
    ).subquery("with_totals")
    totals: dict[int, list] = defaultdict(lambda: [0.0, 0, 0, []])
    for process_id, engineer_id, level, a, e in session.execute(
        select(with_totals).order_by(with_totals.c.process_id, with_totals.c.engineer_id)
    ):
        entry = totals[process_id]
        entry[0] = e
        entry[1] += 1
        entry[2] += 1 if scoring.teaches(level, a) else 0
        if scoring.is_key_person(a, e):
            entry[3].append(engineer_id)
    processes = session.scalars(
        select(Process).where(process_filter).order_by(Process.category_id, Process.code)
    ).all()
    return [_scored(process, totals.get(process.id)) for process in processes]


def _scored(process: Process, entry: list | None) -> Scored:
    effective, qualified, trainers, key = entry or (0.0, 0, 0, [])
    dependency = scoring.dependency_for(effective, process.required)
    return Scored(
        process,
        scoring.ProcessScore(
            effective=effective,
            qualified=qualified,
            trainers=trainers,
            dependency=dependency,
            band=scoring.band_for(dependency),
            key_persons=tuple(sorted(key)),
        ),
    )


def supplier_holders(
    session: Session,
    supplier_id: int,
    on: date,
    horizon: float = scoring.DEFAULT_HORIZON_YEARS,
    history: bool = False,
) -> dict[int, list[scoring.Holder]]:
    """The counting holders per process of one supplier, as scoring.Holder values (with
    `history`, as the levels were on `on`)."""
    holders = _holders(Process.supplier_id == supplier_id, on, horizon, None, history, narrow=True)
    result: dict[int, list[scoring.Holder]] = defaultdict(list)
    for process_id, engineer_id, level, _a in session.execute(select(holders)):
        result[process_id].append(scoring.Holder(engineer_id, level))
    return result


def truck_factor(
    session: Session, supplier_id: int, on: date, history: bool = False
) -> tuple[int, tuple[int, ...]]:
    """The supplier's truck factor over its processes, and the key-person ranking (with
    `history`, as the levels were on `on`)."""
    processes = session.scalars(select(Process.id).where(Process.supplier_id == supplier_id))
    holders = supplier_holders(session, supplier_id, on, history=history)
    return scoring.truck_factor({pid: holders.get(pid, []) for pid in processes}, on)


def by_id(scored: Iterable[Scored]) -> dict[int, Scored]:
    return {item.process.id: item for item in scored}
