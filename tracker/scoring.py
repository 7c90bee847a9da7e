"""Knowledge-dependency scoring for processes.

Pure standard-library module: it knows nothing about Flask or SQLAlchemy so
that it can be unit-tested in isolation and mirrored exactly by a SQL layer.

For one process on a date ``on`` the holders (every engineer with a level on
the process) are reduced to the ones that *count*; from those the module
derives effective coverage ``E``, qualified headcount ``Q``, trainers ``T``,
the dependency score ``D`` (0..100), its band and the key persons. It also
provides the truck factor over several processes, a projection of holders
after planned training, and the first-loss figure over a set of scores.

Holders are expected to be one per engineer and process.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

BANDS: tuple[str, ...] = ("covered", "watch", "high", "critical")
"""Band names ordered from best to worst; `band_for` holds their thresholds."""

BAND_COLOURS: dict[str, str] = {
    "covered": "#2166ac",
    "watch": "#fee090",
    "high": "#fdae61",
    "critical": "#5d1b0b",
}
"""How every badge and map paints a band, colour-blind safe: blue, pale yellow, orange and dark
brown stay apart without telling red from green; a badge shows the band's word too. The plotly
scale (tracker/heatmap/charts.py) steps through them and the CSS badges (static/css/densho.css,
--band-*) equal them, as tests/test_frontend.py checks."""

COUNTING_LEVELS: frozenset[int] = frozenset({3, 4})
"""Levels at which a holder can count towards coverage."""

TRAINER_LEVEL: int = 4
"""Level a counting holder needs to be a trainer."""

DAYS_PER_YEAR: float = 365.25
"""Length of a year in days used to turn a date difference into years."""

DEFAULT_HORIZON_YEARS: float = 3.0
"""Default horizon over which an approaching retirement reduces availability."""

CRITICAL: tuple[str, ...] = ("A", "B")
"""The criticalities of the critical processes (first loss, the heatmap's cells)."""


def is_critical(criticality: str) -> bool:
    """Tell whether a process of this criticality is critical (A or B)."""
    return criticality in CRITICAL


@dataclass(frozen=True)
class Holder:
    """An engineer's level on one process, with what affects whether it counts."""

    engineer_id: int
    level: int
    expires_on: date | None = None
    retires_on: date | None = None
    active: bool = True
    practised_on: date | None = None


@dataclass(frozen=True)
class ProcessScore:
    """The scores of one process on one date."""

    effective: float
    qualified: int
    trainers: int
    dependency: float
    band: str
    key_persons: tuple[int, ...]


@dataclass(frozen=True)
class PlannedLevel:
    """An open training plan: the trainee is to reach ``level`` by ``due_on``.

    ``retires_on`` and ``active`` describe the trainee when they do not hold
    a level on the process yet; for an existing holder their own values win.
    """

    engineer_id: int
    level: int
    due_on: date
    retires_on: date | None = None
    active: bool = True


@dataclass(frozen=True)
class HeldCertificate:
    """One of an engineer's certificates, as the certificate rule reads it (`certified_until`)."""

    type_id: int
    issued_on: date
    expires_on: date | None = None


NOT_CERTIFIED: date = date.min
"""The `expires_on` of a holder missing a required certificate: expired before any date."""


def certified_until(required: Iterable[int], held: Iterable[HeldCertificate], on: date) -> date | None:
    """Until when an engineer holds the certificates a process requires, as seen on ``on``.

    For each required certificate type, the latest expiry among the engineer's certificates of
    that type issued on or before ``on`` (none: it never expires); the earliest of those over
    the required types. ``NOT_CERTIFIED`` when a required type has no certificate issued by
    ``on``; None when nothing is required or nothing required expires.
    """
    latest: dict[int, date | None] = {}
    for certificate in held:
        if certificate.issued_on > on:
            continue
        known = latest.get(certificate.type_id, NOT_CERTIFIED)
        if known is None or certificate.expires_on is None:
            latest[certificate.type_id] = None
        else:
            latest[certificate.type_id] = max(known, certificate.expires_on)
    until: date | None = None
    for type_id in set(required):
        expiry = latest.get(type_id, NOT_CERTIFIED)
        if expiry is not None and (until is None or expiry < until):
            until = expiry
    return until


def certify(holder: Holder, required: Iterable[int], held: Iterable[HeldCertificate], on: date) -> Holder:
    """The holder with its required certificates taken into account on ``on``: ``expires_on``
    becomes the earlier of the level's expiry and `certified_until` (no formula changes).

    Apply it to the holders a score is computed from, after `project` (which gives a delivered
    level no expiry): a planned level needs the certificate as much as a recorded one.
    """
    until = certified_until(required, held, on)
    if until is None or (holder.expires_on is not None and holder.expires_on <= until):
        return holder
    return replace(holder, expires_on=until)


def subtract_months(day: date, months: int) -> date:
    """Return the date ``months`` calendar months before ``day``.

    When the target month is shorter, the day is clamped to its last day
    (2026-03-31 minus one month is 2026-02-28).
    """
    index = day.year * 12 + (day.month - 1) - months
    year, month_index = divmod(index, 12)
    month = month_index + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day))


def _check_lapse_months(lapse_months: int | None) -> None:
    if lapse_months is not None and lapse_months < 0:
        raise ValueError(f"lapse_months must be >= 0, got {lapse_months}")


def is_lapsed(practised_on: date | None, on: date, lapse_months: int) -> bool:
    """Tell whether a level last practised on ``practised_on`` has lapsed on ``on``.

    It has lapsed when it was never practised or last practised before the
    date ``lapse_months`` calendar months before ``on``; practice exactly on
    that boundary date is still recent enough.
    """
    _check_lapse_months(lapse_months)
    if practised_on is None:
        return True
    return practised_on < subtract_months(on, lapse_months)


def counts(holder: Holder, on: date, lapse_months: int | None = None) -> bool:
    """Tell whether ``holder`` counts towards the process's coverage on ``on``.

    A holder counts when the engineer is active, has not retired by ``on``,
    holds level 3 or 4, the level has not expired by ``on`` and, when
    ``lapse_months`` is given, the level has not lapsed for lack of practice.
    A retirement or expiry falling on ``on`` itself means it does not count.
    """
    _check_lapse_months(lapse_months)
    if not holder.active:
        return False
    if holder.retires_on is not None and holder.retires_on <= on:
        return False
    if holder.level not in COUNTING_LEVELS:
        return False
    if holder.expires_on is not None and holder.expires_on <= on:
        return False
    return lapse_months is None or not is_lapsed(holder.practised_on, on, lapse_months)


def teaches(level: int, a: float) -> bool:
    """Tell whether a holder that counts, at ``level`` with availability ``a``, is a trainer.

    Level 4 (O) and still available (``a > 0``): the rule behind T, a plan's trainer and the
    trainer load; see :func:`can_teach`.
    """
    return level == TRAINER_LEVEL and a > 0


def can_teach(holder: Holder, on: date, lapse_months: int | None = None) -> bool:
    """Tell whether ``holder`` may teach on ``on``: counts (practice lapse included) and teaches."""
    return counts(holder, on, lapse_months) and teaches(holder.level, availability(holder.retires_on, on))


def is_key_person(a: float, effective: float) -> bool:
    """Tell whether a counting holder of availability ``a`` is a key person at coverage ``effective``.

    Their loss alone leaves E <= 1 (with E <= 1 already, everyone who counts is one).
    """
    return effective <= 1 or effective - a <= 1


def worst_first(dependency: float, effective: float, *names: object) -> tuple:
    """The sort key that puts the most dependent first: D descending, then E ascending, then ``names``.

    The order of a heatmap cell's worst process, of the drill-down and of every "worst" list.
    """
    return (-dependency, effective, *names)


def _check_horizon(horizon_years: float) -> None:
    if not horizon_years > 0:
        raise ValueError(f"horizon_years must be > 0, got {horizon_years}")


def availability(
    retires_on: date | None,
    on: date,
    horizon_years: float = DEFAULT_HORIZON_YEARS,
) -> float:
    """Return how available an engineer is on ``on`` given their retirement date.

    The value is the years left until retirement divided by the horizon,
    clamped to [0, 1]; it is 1 when no retirement date is known. Years are
    days divided by 365.25.
    """
    _check_horizon(horizon_years)
    if retires_on is None:
        return 1.0
    years = (retires_on - on).days / DAYS_PER_YEAR
    return min(max(years / horizon_years, 0.0), 1.0)


def dependency_for(effective: float, required: int) -> float:
    """Return the dependency score (0..100) for effective coverage ``effective``.

    It is 100 at or below one effective person, 0 once ``required`` is met,
    and linear in between. ``required`` must be at least 2.
    """
    if required < 2:
        raise ValueError(f"required must be >= 2, got {required}")
    if effective <= 1:
        return 100.0
    if effective >= required:
        return 0.0
    return 100 * (required - effective) / (required - 1)


def band_for(dependency: float) -> str:
    """Return the band name for a dependency score between 0 and 100.

    ``critical`` at 100, ``high`` from 50 up to 100, ``watch`` above 0 and
    below 50, ``covered`` at 0.
    """
    if not 0 <= dependency <= 100:
        raise ValueError(f"dependency must be within [0, 100], got {dependency}")
    if dependency == 100:
        return "critical"
    if dependency >= 50:
        return "high"
    if dependency > 0:
        return "watch"
    return "covered"


def key_persons_for(counted: Iterable[tuple[int, float]], effective: float) -> tuple[int, ...]:
    """Return, sorted ascending, the engineers whose loss alone leaves E <= 1.

    ``counted`` holds ``(engineer_id, availability)`` for the holders that
    count and ``effective`` is their summed availability.
    """
    return tuple(sorted(eid for eid, a in counted if is_key_person(a, effective)))


def score_process(
    holders: Iterable[Holder],
    required: int,
    on: date,
    horizon_years: float = DEFAULT_HORIZON_YEARS,
    lapse_months: int | None = None,
) -> ProcessScore:
    """Score one process on ``on`` from its holders and required headcount.

    Raises ValueError when ``required`` is below 2, ``horizon_years`` is not
    positive or ``lapse_months`` is negative.
    """
    if required < 2:
        raise ValueError(f"required must be >= 2, got {required}")
    _check_horizon(horizon_years)
    _check_lapse_months(lapse_months)

    counted: list[tuple[int, float]] = []
    effective = 0.0
    trainers = 0
    for holder in holders:
        if not counts(holder, on, lapse_months):
            continue
        a = availability(holder.retires_on, on, horizon_years)
        counted.append((holder.engineer_id, a))
        effective += a
        if teaches(holder.level, a):
            trainers += 1

    dependency = dependency_for(effective, required)
    return ProcessScore(
        effective=effective,
        qualified=len(counted),
        trainers=trainers,
        dependency=dependency,
        band=band_for(dependency),
        key_persons=key_persons_for(counted, effective),
    )


def truck_factor(
    processes: Mapping[int, Iterable[Holder]],
    on: date,
    horizon_years: float = DEFAULT_HORIZON_YEARS,
    lapse_months: int | None = None,
) -> tuple[int, tuple[int, ...]]:
    """Return the truck factor over ``processes`` and the engineers removed.

    Following Avelino et al. (2016), engineers are removed one by one, each
    time the one counting on the most still-covered processes (ties: lowest
    engineer id), until more than half of the processes have nobody that
    counts. Returns ``(number removed, removal order)``; ``(0, ())`` for no
    processes or when more than half are already uncovered.

    ``horizon_years`` does not change who counts; it is accepted (and
    validated) for symmetry with :func:`score_process`.
    """
    _check_horizon(horizon_years)
    _check_lapse_months(lapse_months)

    # Engineers that count, per process.
    counting: dict[int, set[int]] = {
        pid: {h.engineer_id for h in holders if counts(h, on, lapse_months)}
        for pid, holders in processes.items()
    }
    total = len(counting)
    removed: list[int] = []

    def uncovered() -> int:
        return sum(1 for engineers in counting.values() if not engineers)

    while total and uncovered() * 2 <= total:
        load: dict[int, int] = {}
        for engineers in counting.values():
            for eid in engineers:
                load[eid] = load.get(eid, 0) + 1
        if not load:  # Nobody left who counts anywhere.
            break
        victim = min(load, key=lambda eid: (-load[eid], eid))
        removed.append(victim)
        for engineers in counting.values():
            engineers.discard(victim)

    return len(removed), tuple(removed)


def _stale(holder: Holder, on: date, lapse_months: int | None) -> bool:
    """Tell whether the holder's level has expired or lapsed by ``on``."""
    if holder.expires_on is not None and holder.expires_on <= on:
        return True
    return lapse_months is not None and is_lapsed(holder.practised_on, on, lapse_months)


def project(
    holders: Iterable[Holder],
    plans: Iterable[PlannedLevel],
    until: date,
    lapse_months: int | None = None,
) -> tuple[Holder, ...]:
    """Return the holders as they would be on ``until`` if training goes to plan.

    Every plan due on or before ``until`` is taken as delivered: the trainee
    holds the target level from the due date, with no expiry and practised on
    the due date. A trainee already holding a higher or equal level keeps it,
    unless that level has expired (or, with ``lapse_months``, lapsed) by
    ``until``. An existing holder keeps their retirement date and active
    flag; a new trainee takes them from the plan. Plans for one engineer are
    applied in due-date order; new trainees are appended after the existing
    holders.
    """
    _check_lapse_months(lapse_months)
    result: list[Holder] = list(holders)
    position: dict[int, int] = {}
    for index, holder in enumerate(result):
        position.setdefault(holder.engineer_id, index)

    due = sorted(
        (plan for plan in plans if plan.due_on <= until),
        key=lambda plan: plan.due_on,
    )
    for plan in due:
        index = position.get(plan.engineer_id)
        if index is None:
            position[plan.engineer_id] = len(result)
            result.append(
                Holder(
                    engineer_id=plan.engineer_id,
                    level=plan.level,
                    expires_on=None,
                    retires_on=plan.retires_on,
                    active=plan.active,
                    practised_on=plan.due_on,
                )
            )
            continue
        current = result[index]
        if current.level >= plan.level and not _stale(current, until, lapse_months):
            continue
        result[index] = replace(current, level=plan.level, expires_on=None, practised_on=plan.due_on)
    return tuple(result)


def first_loss(scores: Iterable[ProcessScore]) -> int | None:
    """Return the smallest qualified headcount among ``scores``, None if empty.

    Meant for the critical processes: it is how many departures it takes,
    at the least, before one of them has no qualified holder left.
    """
    return min((score.qualified for score in scores), default=None)
