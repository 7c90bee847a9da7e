"""The demo data: believable, repeatable, and showing every band the scoring knows."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from tests import builders as b
from tests.builders import TODAY
from tracker.db import make_engine
from tracker.demo import PASSWORD, load
from tracker.models import (
    Certificate,
    CertificateType,
    CurrentLevel,
    Engineer,
    Organization,
    Partnership,
    Process,
    ProcessCategory,
    TrainingPlan,
    TrainingSession,
    User,
)
from tracker.models.base import Base
from tracker.models.training import OPEN_STATUSES
from tracker.processes.taxonomy import STANDARD_CATEGORIES, ensure_categories
from tracker.scoring import BANDS, counts
from tracker.scoring_sql import counting_holders, score_processes
from tracker.skills.service import holder_on


def _fresh_session(path) -> Session:
    engine = make_engine("sqlite:///" + str(path))
    Base.metadata.create_all(engine)
    return b.watched_session(engine)


def _loaded(path) -> tuple[Session, list[tuple[str, str]]]:
    session = _fresh_session(path)
    logins = load(session, seed=7, today=TODAY)
    session.commit()
    return session, logins


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    session, logins = _loaded(tmp_path_factory.mktemp("demo") / "t.sqlite")
    yield session, logins
    session.close()
    session.get_bind().dispose()


@pytest.fixture(scope="module")
def session(demo):
    return demo[0]


@pytest.fixture(scope="module")
def suppliers(session):
    return session.scalars(select(Organization).where(Organization.kind == "supplier")).all()


def _levels(session) -> dict[tuple[int, int], CurrentLevel]:
    return {(c.engineer_id, c.process_id): c for c in session.scalars(select(CurrentLevel))}


def test_taxonomy_is_idempotent_and_ordered(tmp_path):
    session = _fresh_session(tmp_path / "tax.sqlite")
    ensure_categories(session)
    ensure_categories(session)
    session.commit()
    rows = session.scalars(select(ProcessCategory).order_by(ProcessCategory.position)).all()
    assert [r.code for r in rows] == [code for code, _en, _ja in STANDARD_CATEGORIES]
    assert len(rows) >= 12
    assert {"溶接", "熱処理", "めっき", "金型保全"} <= {r.name_ja for r in rows}


def test_suppliers_have_processes_and_engineers(session, suppliers):
    assert len(suppliers) >= 5
    for supplier in suppliers:
        processes = session.scalars(select(Process).where(Process.supplier_id == supplier.id)).all()
        engineers = session.scalars(select(Engineer).where(Engineer.supplier_id == supplier.id)).all()
        assert 8 <= len(processes) <= 15
        assert 20 <= len(engineers) <= 40
        assert {p.criticality for p in processes} == {"A", "B", "C"}
        assert len({e.name for e in engineers}) == len(engineers)
        assert len({e.employee_code for e in engineers}) == len(engineers)
        assert all(" " in e.name for e in engineers)  # family name, given name
    statuses = Counter(session.scalars(select(Engineer.status)))
    assert statuses["leave"] > 0 and statuses["left"] > 0
    assert session.scalar(select(func.count()).where(Process.required == 4)) > 0
    assert {m for m in session.scalars(select(Process.lapse_months)) if m} <= {6, 12, 24}


def test_every_band_appears_among_critical_processes(session, suppliers):
    seen = Counter()
    for supplier in suppliers:
        scored = score_processes(session, Process.supplier_id == supplier.id, TODAY)
        bands = {s.score.band for s in scored if s.process.is_critical}
        assert bands == set(BANDS), supplier.code  # by design, in every supplier
        seen.update(bands)
    assert set(seen) == set(BANDS)


def test_projection_of_open_plans_changes_some_bands(session):
    later = TODAY + timedelta(days=365)
    without = score_processes(session, Process.id > 0, later)
    with_plans = score_processes(session, Process.id > 0, later, plans_until=later)
    pairs = zip(without, with_plans, strict=True)
    assert any(a.score.band != b.score.band for a, b in pairs)


def test_expiries_and_retirements(session):
    soon = TODAY + timedelta(days=60)
    expiring = select(CurrentLevel.expires_on).where(CurrentLevel.expires_on.is_not(None))
    expiries = session.scalars(expiring).all()
    assert any(TODAY < d <= soon for d in expiries)
    assert any(d <= TODAY for d in expiries)
    retiring = session.scalars(
        select(Engineer.retires_on).where(Engineer.retires_on > TODAY, Engineer.status == "active")
    ).all()
    total = session.scalar(select(func.count()).select_from(Engineer))
    within_three = [d for d in retiring if d <= TODAY + timedelta(days=3 * 365)]
    assert 0.10 <= len(within_three) / total <= 0.25
    assert any(d <= TODAY + timedelta(days=365) for d in within_three)


def test_assessments_are_dated_over_the_last_two_years(session):
    levels = session.scalars(select(CurrentLevel)).all()
    assert all(TODAY - timedelta(days=731) <= c.assessed_on <= TODAY for c in levels)
    assert Counter(c.level for c in levels)[4] > 0


def test_partnerships(session, suppliers):
    buyer = session.scalar(select(Organization).where(Organization.kind == "buyer"))
    rows = session.scalars(select(Partnership).where(Partnership.buyer_id == buyer.id)).all()
    accepted = [p for p in rows if p.status == "accepted"]
    assert sorted(p.disclosure for p in accepted) == ["aggregate", "named", "pseudonymous"]
    assert all(p.decided_at is not None for p in accepted)
    proposed = [p for p in rows if p.status == "proposed"]
    assert len(proposed) == 1
    assert proposed[0].supplier_id not in {p.supplier_id for p in accepted}
    assert len(rows) == 4


def test_training_plans_follow_the_rules(session, suppliers):
    levels = _levels(session)
    engineers = {e.id: e for e in session.scalars(select(Engineer))}
    plans = session.scalars(select(TrainingPlan)).all()
    for supplier in suppliers:
        assert 3 <= sum(1 for p in plans if p.supplier_id == supplier.id) <= 8
    open_pairs = Counter()
    for plan in plans:
        trainer, trainee = engineers[plan.trainer_id], engineers[plan.trainee_id]
        assert trainer.supplier_id == trainee.supplier_id == plan.supplier_id == plan.process.supplier_id
        assert trainer.id != trainee.id
        assert levels[trainer.id, plan.process_id].level == 4
        assert plan.target_level > plan.from_level
        assert plan.due_on >= plan.starts_on
        current = levels.get((trainee.id, plan.process_id))
        if plan.status in OPEN_STATUSES:
            open_pairs[trainee.id, plan.process_id] += 1
            assert plan.from_level == (current.level if current else 0)
        if plan.status == "done":
            assert current.level >= plan.target_level and plan.due_on <= TODAY
    assert max(open_pairs.values()) == 1
    assert {p.status for p in plans} == {"planned", "in_progress", "done", "cancelled"}
    open_plans = [p for p in plans if p.status in OPEN_STATUSES]
    assert any(p.due_on < TODAY for p in open_plans)  # overdue
    within_year = [p for p in open_plans if p.due_on <= TODAY + timedelta(days=365)]
    assert len(within_year) > len(open_plans) / 2


def test_training_sessions(session):
    sessions = session.scalars(select(TrainingSession)).all()
    assert sessions
    plans = {p.id: p for p in session.scalars(select(TrainingPlan))}
    for row in sessions:
        plan = plans[row.plan_id]
        assert plan.status == "in_progress"
        assert row.supplier_id == plan.supplier_id
        assert 1 <= row.hours <= 8
        assert plan.starts_on <= row.held_on <= TODAY
        assert row.content


def test_logins_exist_with_the_demo_password(session, demo, suppliers):
    logins = demo[1]
    emails = [email for email, _what in logins]
    assert emails[:2] == ["buyer-admin@densho.example", "buyer-viewer@densho.example"]
    assert "yamada-editor@densho.example" in emails
    assert len(emails) == 2 + 3 * len(suppliers) == len(set(emails))
    users = {u.email: u for u in session.scalars(select(User))}
    assert set(emails) <= set(users)
    assert {users[e].role for e in emails} == {"admin", "editor", "viewer"}
    assert users["buyer-admin@densho.example"].organization.kind == "buyer"
    assert check_password_hash(users["hokuto-viewer@densho.example"].password_hash, PASSWORD)


def test_same_seed_same_demo(session, tmp_path):
    other, _logins = _loaded(tmp_path / "again.sqlite")
    names = select(Engineer.name).order_by(Engineer.id)
    try:
        assert other.scalars(names).all() == session.scalars(names).all()
        dates = select(TrainingPlan.due_on).order_by(TrainingPlan.id)
        assert other.scalars(dates).all() == session.scalars(dates).all()
    finally:
        other.close()
        other.get_bind().dispose()


def test_certificates_show_one_to_renew_and_one_expired_that_stops_a_level(session, suppliers):
    """Each supplier's required licence: one to renew within 60 days, one expired whose holder's
    U does not count (the scores leave them out); the bands stay as designed (above)."""
    for supplier in suppliers:
        kinds = session.scalars(
            select(CertificateType).where(CertificateType.supplier_id == supplier.id)
        ).all()
        assert len(kinds) >= 3 and any(k.grade == "1級" for k in kinds), supplier.code
        [licence] = [k for k in kinds if k.required]
        [process] = licence.processes
        certificates = session.scalars(
            select(Certificate).where(Certificate.certificate_type_id == licence.id)
        )
        expiries = {c.engineer_id: c.expires_on for c in certificates}
        assert any(TODAY < day <= TODAY + timedelta(days=60) for day in expiries.values()), supplier.code
        [stopped] = [eid for eid, day in expiries.items() if day <= TODAY]
        assert session.get(CurrentLevel, (stopped, process.id)).level == 3
        holder = holder_on(session, session.get(Engineer, stopped), process, TODAY)
        assert holder.expires_on == expiries[stopped]  # the licence's expiry, taken as the level's
        assert counts(replace(holder, expires_on=None), TODAY, process.lapse_months)  # but for it
        counting = counting_holders(Process.id == process.id, TODAY)
        assert stopped not in session.scalars(select(counting.c.engineer_id)).all()
