"""The SQL-backed scores agree with tracker.scoring over the same data."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests import builders as b
from tracker import scoring
from tracker.models import (
    Certificate,
    CertificateType,
    CurrentLevel,
    Engineer,
    Process,
    TrainingPlan,
    TrainingSession,
)
from tracker.models.training import OPEN_STATUSES
from tracker.scoring_sql import LAPSE_CHOICES, score_processes
from tracker.skills.service import holder_on, record_practice

ON = date(2026, 11, 23)


def certificates_of(session, supplier_id: int) -> tuple[dict, dict]:
    """(process id -> the required certificate type ids, engineer id -> their certificates)."""
    required: dict[int, set[int]] = defaultdict(set)
    kinds = select(CertificateType).where(
        CertificateType.supplier_id == supplier_id, CertificateType.required.is_(True)
    )
    for kind in session.scalars(kinds):
        for process in kind.processes:
            required[process.id].add(kind.id)
    held: dict[int, list] = defaultdict(list)
    for c in session.scalars(select(Certificate).where(Certificate.supplier_id == supplier_id)):
        held[c.engineer_id].append(scoring.HeldCertificate(c.certificate_type_id, c.issued_on, c.expires_on))
    return required, held


def python_scores(session, supplier_id: int, on: date, plans_until: date | None = None) -> dict:
    """The same scores from scoring.score_process, one process at a time (the reference): the
    holders projected (with `plans_until`), then their required certificates applied."""
    engineers = {
        e.id: e for e in session.scalars(select(Engineer).where(Engineer.supplier_id == supplier_id))
    }
    required, held = certificates_of(session, supplier_id)
    result = {}
    for process in session.scalars(select(Process).where(Process.supplier_id == supplier_id)):
        holders = [
            scoring.Holder(
                c.engineer_id,
                c.level,
                c.expires_on,
                engineers[c.engineer_id].retires_on,
                engineers[c.engineer_id].active_on(on),
                c.practised_on,
            )
            for c in session.scalars(select(CurrentLevel).where(CurrentLevel.process_id == process.id))
        ]
        if plans_until:
            plans = [
                scoring.PlannedLevel(
                    p.trainee_id,
                    p.target_level,
                    p.due_on,
                    engineers[p.trainee_id].retires_on,
                    engineers[p.trainee_id].active_on(on),
                )
                for p in session.scalars(
                    select(TrainingPlan).where(
                        TrainingPlan.process_id == process.id, TrainingPlan.status.in_(OPEN_STATUSES)
                    )
                )
            ]
            holders = scoring.project(holders, plans, plans_until, process.lapse_months)
        holders = [scoring.certify(h, required[process.id], held[h.engineer_id], on) for h in holders]
        result[process.id] = scoring.score_process(
            holders, process.required, on, lapse_months=process.lapse_months
        )
    return result


def assert_agree(sql: list, reference: dict) -> None:
    assert {item.process.id for item in sql} == set(reference)
    for item in sql:
        expected = reference[item.process.id]
        assert item.score.effective == pytest.approx(expected.effective, abs=1e-9)
        assert (item.score.qualified, item.score.trainers, item.score.band, item.score.key_persons) == (
            expected.qualified,
            expected.trainers,
            expected.band,
            expected.key_persons,
        ), item.process.code
        assert item.score.dependency == pytest.approx(expected.dependency, abs=1e-9)


def random_supplier(session, rng: random.Random):
    supplier = b.gen_supplier(session)
    processes = [
        b.gen_process(
            session,
            supplier,
            criticality=rng.choice("ABC"),
            required=rng.choice([2, 3, 4]),
            lapse_months=rng.choice([None, None, *LAPSE_CHOICES]),
        )
        for _ in range(8)
    ]
    engineers = [
        b.gen_engineer(
            session,
            supplier,
            status=rng.choice(["active"] * 8 + ["leave", "left"]),
            retires_on=rng.choice([None, ON, ON + timedelta(days=rng.randint(-400, 2000))]),
        )
        for _ in range(15)
    ]
    for engineer in engineers:
        for process in rng.sample(processes, 4):
            assessed = ON - timedelta(days=rng.randint(0, 900))
            expiry = rng.choice([None, None, ON, assessed + timedelta(days=rng.randint(1, 900))])
            b.gen_level(session, engineer, process, rng.randint(0, 4), assessed, expires_on=expiry)
    for process in processes:
        trainers = [e for e in engineers if e.status == "active"]
        trainee, trainer = rng.sample(trainers, 2)
        b.gen_plan(
            session,
            trainee,
            trainer,
            process,
            from_level=0,
            target_level=rng.choice([3, 4]),
            starts_on=ON - timedelta(days=30),
            due_on=ON + timedelta(days=rng.randint(-10, 500)),
            status=rng.choice(["planned", "in_progress", "done", "cancelled"]),
        )
    random_certificates(session, rng, supplier, processes, engineers)
    session.commit()
    return supplier


def random_certificates(session, rng: random.Random, supplier, processes, engineers) -> None:
    """Certificate types, required or not, on some processes; certificates issued and expiring
    around ON (on it, the day after, before, never), some issued after it, some of a type twice."""
    kinds = [
        b.gen_certificate_type(
            session,
            supplier,
            rng.sample(processes, rng.randint(1, 3)),
            required=rng.random() < 0.8,
            validity_months=rng.choice([None, 12, 36]),
        )
        for _ in range(3)
    ]
    for engineer in engineers:
        for kind in (kind for kind in kinds if rng.random() < 0.7):
            for _ in range(rng.choice([1, 1, 2])):
                issued = ON - timedelta(days=rng.randint(-60, 1200))
                expiry = rng.choice(
                    [None, ON, ON + timedelta(days=1), issued + timedelta(days=rng.randint(1, 900))]
                )
                expiry = expiry if expiry is None or expiry > issued else None
                b.gen_certificate(session, engineer, kind, issued, expires_on=expiry)


@pytest.mark.parametrize("seed", range(4))
def test_sql_scores_agree_with_score_process(session, seed):
    supplier = random_supplier(session, random.Random(seed))
    sql = score_processes(session, Process.supplier_id == supplier.id, ON)
    assert_agree(sql, python_scores(session, supplier.id, ON))


@pytest.mark.parametrize("seed", range(4))
def test_sql_projection_agrees_with_project_then_score(session, seed):
    supplier = random_supplier(session, random.Random(seed))
    until = ON + timedelta(days=365)
    sql = score_processes(session, Process.supplier_id == supplier.id, until, plans_until=until)
    assert_agree(sql, python_scores(session, supplier.id, until, plans_until=until))


def test_a_process_without_holders_is_critical(session):
    supplier = b.gen_supplier(session)
    process = b.gen_process(session, supplier)
    session.commit()
    [item] = score_processes(session, Process.supplier_id == supplier.id, ON)
    assert (item.process.id, item.score.qualified, item.score.band) == (process.id, 0, "critical")


def test_the_as_of_view_takes_each_level_as_it_was_on_that_date(session):
    """Later assessments are not yet known, an expiry counts as of then, practice as of then."""
    supplier = b.gen_supplier(session)
    process = b.gen_process(session, supplier, criticality="A", required=2, lapse_months=6)
    early, late, lapsing = (b.gen_engineer(session, supplier) for _ in range(3))
    b.gen_level(session, early, process, 3, date(2025, 1, 1))
    b.gen_level(session, early, process, 1, date(2026, 6, 1))  # downgraded later
    b.gen_level(session, late, process, 4, date(2026, 3, 1))  # not yet qualified in 2025
    b.gen_level(session, lapsing, process, 3, date(2024, 1, 1), expires_on=date(2025, 12, 1))
    session.commit()
    where = Process.id == process.id

    def score(on):
        return score_processes(session, where, on, history=True)[0].score

    before = score(date(2025, 3, 1))  # early counts; lapsing's 2024 level lapsed (6 months)
    assert (before.qualified, before.trainers) == (1, 0)
    spring = score(date(2026, 4, 1))  # late at O since March; early's 2025 level has lapsed
    assert (spring.qualified, spring.trainers, spring.key_persons) == (1, 1, (late.id,))
    now = score_processes(session, where, ON)[0].score
    assert now == score(ON)


@pytest.mark.parametrize("seed", range(3))
def test_the_sql_as_of_view_agrees_with_the_history_read_one_holder_at_a_time(session, seed):
    """`levels_as_of` (current rows where nothing happened since, the history elsewhere) equals
    `skills.service.holder_on` per engineer and process, on dates around re-assessments,
    logged sessions and leave."""
    rng = random.Random(seed)
    supplier = random_supplier(session, rng)
    pairs = session.execute(select(CurrentLevel.engineer_id, CurrentLevel.process_id)).all()
    mine = Process.supplier_id == supplier.id
    own = select(Engineer).where(Engineer.supplier_id == supplier.id)
    engineers = {e.id: e for e in session.scalars(own)}
    processes = {p.id: p for p in session.scalars(select(Process).where(mine))}
    for engineer_id, process_id in rng.sample(pairs, 20):  # re-assessed later, up or down
        day = ON - timedelta(days=rng.randint(0, 400))
        b.gen_level(session, engineers[engineer_id], processes[process_id], rng.randint(0, 4), day)
    for plan in session.scalars(select(TrainingPlan).where(TrainingPlan.supplier_id == supplier.id)):
        day = ON - timedelta(days=rng.randint(0, 200))
        session.add(TrainingSession(supplier_id=supplier.id, plan_id=plan.id, held_on=day, hours=2))
        record_practice(session, plan.trainee_id, plan.process_id, day)
    away = rng.choice([e for e in engineers.values() if e.status == "active"])
    b.gen_status(session, away, "leave", ON - timedelta(days=150), ON - timedelta(days=60))
    session.commit()
    for on in (ON - timedelta(days=d) for d in (0, 30, 100, 250, 500)):
        reference = {}
        for process in processes.values():
            holders = [
                holder
                for engineer in engineers.values()
                if (holder := holder_on(session, engineer, process, on)) is not None
            ]
            reference[process.id] = scoring.score_process(
                holders, process.required, on, lapse_months=process.lapse_months
            )
        assert_agree(score_processes(session, mine, on, history=True), reference)
