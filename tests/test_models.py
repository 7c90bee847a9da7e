"""The data model: constraints, the append-only history and the current level beside it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from tests import builders as b
from tracker.models import Assessment, AuditEvent, CurrentLevel, Engineer, Process
from tracker.skills.service import record_assessment, record_practice


def test_assessments_append_and_current_level_follows_the_latest(session, supplier):
    engineer, process = b.gen_engineer(session, supplier), b.gen_process(session, supplier)
    record_assessment(session, engineer, process, 1, date(2025, 1, 1))
    record_assessment(session, engineer, process, 3, date(2025, 6, 1), expires_on=date(2027, 1, 1))
    session.commit()
    assert session.scalar(select(func.count(Assessment.id))) == 2
    current = session.get(CurrentLevel, (engineer.id, process.id))
    assert (current.level, current.assessed_on, current.expires_on) == (3, date(2025, 6, 1), date(2027, 1, 1))


def test_a_back_dated_assessment_joins_history_without_replacing_the_current_level(session, supplier):
    engineer, process = b.gen_engineer(session, supplier), b.gen_process(session, supplier)
    record_assessment(session, engineer, process, 3, date(2025, 6, 1))
    record_assessment(session, engineer, process, 1, date(2024, 1, 1))
    session.commit()
    assert session.get(CurrentLevel, (engineer.id, process.id)).level == 3
    assert session.scalar(select(func.count(Assessment.id))) == 2


def test_assessment_writes_an_audit_event(session, supplier):
    engineer, process = b.gen_engineer(session, supplier), b.gen_process(session, supplier)
    record_assessment(session, engineer, process, 2, date(2025, 1, 1))
    session.commit()
    event = session.scalar(select(AuditEvent))
    assert (event.entity, event.action, event.changes["level"]) == ("level", "assess", 2)


def test_practice_moves_practised_on_forward_only(session, supplier):
    engineer, process = b.gen_engineer(session, supplier), b.gen_process(session, supplier)
    record_assessment(session, engineer, process, 3, date(2025, 1, 1))
    record_practice(session, engineer.id, process.id, date(2025, 5, 1))
    record_practice(session, engineer.id, process.id, date(2025, 3, 1))
    session.commit()
    assert session.get(CurrentLevel, (engineer.id, process.id)).practised_on == date(2025, 5, 1)


def test_engineer_and_process_of_different_suppliers_are_refused(session, supplier):
    other = b.gen_supplier(session)
    with pytest.raises(ValueError):
        record_assessment(
            session, b.gen_engineer(session, supplier), b.gen_process(session, other), 3, date(2025, 1, 1)
        )


@pytest.mark.parametrize("level", [-1, 5, 7])
def test_levels_outside_zero_to_four_are_refused(session, supplier, level):
    with pytest.raises(ValueError):
        record_assessment(
            session,
            b.gen_engineer(session, supplier),
            b.gen_process(session, supplier),
            level,
            date(2025, 1, 1),
        )


def test_employee_code_is_unique_per_supplier_only(session, supplier):
    b.gen_engineer(session, supplier, employee_code="E1")
    b.gen_engineer(session, b.gen_supplier(session), employee_code="E1")
    session.commit()
    with pytest.raises(IntegrityError):
        b.gen_engineer(session, supplier, employee_code="E1")


def test_retirement_before_hire_is_refused_by_the_database(session, supplier):
    with pytest.raises(IntegrityError):
        b.gen_engineer(session, supplier, hired_on=date(2020, 1, 1), retires_on=date(2019, 1, 1))


def test_required_headcount_below_two_is_refused_by_the_database(session, supplier):
    with pytest.raises(IntegrityError):
        b.gen_process(session, supplier, required=1)


def test_required_headcount_defaults_by_criticality(session, supplier):
    assert b.gen_process(session, supplier, criticality="A").required == 3
    assert b.gen_process(session, supplier, criticality="B").required == 2
    assert b.gen_process(session, supplier, criticality="C").required == 2


def test_rows_of_each_tenant_carry_their_supplier(session, supplier):
    engineer, process = b.gen_engineer(session, supplier), b.gen_process(session, supplier)
    record_assessment(session, engineer, process, 3, date(2025, 1, 1))
    session.commit()
    for model in (Engineer, Process, Assessment, CurrentLevel):
        assert set(session.scalars(select(model.supplier_id))) == {supplier.id}


def test_which_plans_were_running_on_a_date_is_one_rule(session, supplier):
    from datetime import datetime

    from tracker.models import TrainingPlan

    process = b.gen_process(session, supplier)
    trainer = b.gen_engineer(session, supplier)
    today, day = date(2026, 11, 23), date(2026, 6, 1)

    def plan(**values):
        return b.gen_plan(session, b.gen_engineer(session, supplier), trainer, process, **values)

    running = {
        plan(starts_on=date(2026, 5, 1), status="in_progress").id: True,
        plan(starts_on=date(2026, 7, 1), due_on=date(2026, 9, 1)).id: False,  # not started yet
        plan(starts_on=date(2026, 5, 1), status="done", closed_at=datetime(2026, 8, 1)).id: True,
        plan(starts_on=date(2026, 5, 1), status="done", closed_at=datetime(2026, 5, 20)).id: False,
        plan(starts_on=date(2026, 5, 1), status="cancelled", closed_at=datetime(2026, 9, 1)).id: True,
        plan(starts_on=date(2026, 5, 1), status="done", due_on=date(2026, 7, 1)).id: True,  # before 0005
        plan(starts_on=date(2026, 5, 1), status="cancelled").id: False,  # when: unknown
    }
    found = set(session.scalars(select(TrainingPlan.id).where(TrainingPlan.open_on(day, today))))
    assert found == {plan_id for plan_id, was in running.items() if was}
    now = set(session.scalars(select(TrainingPlan.id).where(TrainingPlan.open_on(today, today))))
    assert now == set(session.scalars(select(TrainingPlan.id).where(TrainingPlan.is_open)))
