"""Every process of the demo data: the SQL-backed numbers agree with scoring.score_process,
today and projected; the overview's projection service agrees too."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests import builders as b
from tests.builders import TODAY
from tests.test_scores_db import assert_agree, python_scores
from tracker import demo
from tracker.db import make_engine
from tracker.models import Organization, Process
from tracker.models.base import Base
from tracker.scoring_sql import Scored, score_processes
from tracker.tenancy import Scope
from tracker.training.projection import default_until, project_supplier

UNTIL = default_until(TODAY)


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    engine = make_engine("sqlite:///" + str(tmp_path_factory.mktemp("demo") / "scores.sqlite"))
    Base.metadata.create_all(engine)
    session = b.watched_session(engine)
    demo.load(session, seed=7, today=TODAY)
    session.commit()
    yield session
    session.close()
    engine.dispose()


@pytest.fixture(scope="module")
def suppliers(session) -> list[Organization]:
    found = session.scalars(select(Organization).where(Organization.kind == "supplier")).all()
    assert found, "the demo has no supplier"
    return list(found)


def test_every_demo_process_scores_today_as_score_process_does(session, suppliers):
    for supplier in suppliers:
        sql = score_processes(session, Process.supplier_id == supplier.id, TODAY)
        assert_agree(sql, python_scores(session, supplier.id, TODAY))


def test_every_demo_process_projects_as_project_then_score_process_does(session, suppliers):
    for supplier in suppliers:
        sql = score_processes(session, Process.supplier_id == supplier.id, UNTIL, plans_until=UNTIL)
        assert_agree(sql, python_scores(session, supplier.id, UNTIL, plans_until=UNTIL))


def test_the_overview_projection_agrees_with_score_process_on_both_dates(session, suppliers):
    for supplier in suppliers:
        rows = project_supplier(session, Scope.of(supplier), TODAY, UNTIL).rows
        assert_agree(
            [Scored(row.process, row.now) for row in rows], python_scores(session, supplier.id, TODAY)
        )
        assert_agree(
            [Scored(row.process, row.then) for row in rows],
            python_scores(session, supplier.id, UNTIL, plans_until=UNTIL),
        )


def test_the_demo_has_open_plans_that_change_some_projection(session, suppliers):
    changed = [
        row
        for supplier in suppliers
        for row in project_supplier(session, Scope.of(supplier), TODAY, UNTIL).rows
        if row.shortfall.plans_due and row.then.qualified > row.now.qualified
    ]
    assert changed, "no open plan in the demo raises a projected headcount"


def test_the_as_of_view_of_today_equals_todays_view_over_every_demo_supplier(session, suppliers):
    """The history replay (levels as they were on a date) gives today's numbers on today."""
    for supplier in suppliers:
        where = Process.supplier_id == supplier.id
        today = {item.process.id: item.score for item in score_processes(session, where, TODAY)}
        replayed = {
            item.process.id: item.score for item in score_processes(session, where, TODAY, history=True)
        }
        assert replayed == today, supplier.code
