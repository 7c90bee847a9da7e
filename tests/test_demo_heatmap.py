"""The demo buyer's heatmap agrees, cell by cell, with scoring.score_process over the demo data."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from tests import builders as b
from tests.builders import TODAY
from tests.test_scores_db import python_scores
from tracker.db import make_engine
from tracker.demo import load
from tracker.heatmap import stored as current_scores
from tracker.heatmap.drilldown import drilldown
from tracker.heatmap.service import Filters, buyer_heatmap, buyer_portfolio
from tracker.models import DataVersion, Organization, Partnership, Process
from tracker.models.base import Base
from tracker.scoring_sql import truck_factor
from tracker.suppliers.service import build_overview
from tracker.tenancy import Scope
from tracker.training.projection import default_until


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    engine = make_engine("sqlite:///" + str(tmp_path_factory.mktemp("demo-heatmap") / "demo.sqlite"))
    Base.metadata.create_all(engine)
    session = b.watched_session(engine)
    load(session, seed=7, today=TODAY)
    session.commit()
    buyer = session.scalar(select(Organization).where(Organization.kind == "buyer"))
    yield session, buyer
    session.close()
    engine.dispose()


def expected_cells(session, buyer_id: int, on, plans_until=None) -> dict:
    """(supplier, category) -> the highest D among the supplier's critical processes, by score_process."""
    partners = session.scalars(
        select(Partnership.supplier_id).where(
            Partnership.buyer_id == buyer_id, Partnership.status == "accepted"
        )
    ).all()
    cells: dict[tuple[int, int], list] = defaultdict(list)
    for supplier_id in partners:
        scores = python_scores(session, supplier_id, on, plans_until=plans_until)
        for process in session.scalars(select(Process).where(Process.supplier_id == supplier_id)):
            if process.is_critical:
                cells[supplier_id, process.category_id].append((process, scores[process.id]))
    return {
        key: max(items, key=lambda pair: (pair[1].dependency, -pair[1].effective))
        for key, items in cells.items()
    }


def assert_cells_agree(heatmap, expected) -> None:
    cells = heatmap.by_position()
    assert len(cells) == len(heatmap.cells)
    assert set(cells) == set(expected)
    for key, cell in cells.items():
        _process, score = expected[key]
        assert cell.dependency == pytest.approx(score.dependency, abs=1e-9), key
        assert (cell.band, cell.qualified) == (score.band, score.qualified), key
        assert cell.effective == pytest.approx(score.effective, abs=1e-9), key


def test_the_demo_buyer_sees_exactly_its_three_accepted_partners(demo):
    session, buyer = demo
    heatmap = buyer_heatmap(session, Scope.of(buyer), TODAY)
    accepted = session.scalars(
        select(Partnership).where(Partnership.buyer_id == buyer.id, Partnership.status == "accepted")
    ).all()
    assert len(accepted) == 3
    assert {p.supplier_id for p in heatmap.partners} == {p.supplier_id for p in accepted}
    portfolio = buyer_portfolio(session, Scope.of(buyer), TODAY)
    assert sorted(p.disclosure for p in portfolio.partners) == ["aggregate", "named", "pseudonymous"]


@pytest.mark.parametrize("stored", [True, False], ids=["stored", "from-levels"])
def test_every_demo_cell_agrees_with_score_process(demo, stored):
    session, buyer = demo
    current_scores.ensure(session, TODAY)
    if not stored:  # stored for another day: the map scores the levels
        session.execute(update(DataVersion).values(scores_on=TODAY - timedelta(days=1)))
    session.commit()
    heatmap = buyer_heatmap(session, Scope.of(buyer), TODAY)
    expected = expected_cells(session, buyer.id, TODAY)
    assert len(expected) >= 9
    assert_cells_agree(heatmap, expected)


def test_every_projected_demo_cell_agrees_with_project_then_score(demo):
    session, buyer = demo
    until = default_until(TODAY)
    heatmap = buyer_heatmap(session, Scope.of(buyer), TODAY, Filters(projected=True))
    assert heatmap.on == until
    assert_cells_agree(heatmap, expected_cells(session, buyer.id, until, plans_until=until))


def test_the_portfolio_agrees_with_score_process_and_truck_factor(demo):
    session, buyer = demo
    portfolio = buyer_portfolio(session, Scope.of(buyer), TODAY)
    for partner in portfolio.partners:
        reference = python_scores(session, partner.supplier_id, TODAY)
        mine = {p.id: p for p in portfolio.processes if p.supplier_id == partner.supplier_id}
        assert set(mine) == set(reference)
        for process_id, score in reference.items():
            got = mine[process_id]
            assert (got.qualified, got.trainers, got.band) == (score.qualified, score.trainers, score.band)
            assert got.effective == pytest.approx(score.effective, abs=1e-9)
        assert (
            portfolio.truck_factors[partner.supplier_id]
            == truck_factor(session, partner.supplier_id, TODAY)[0]
        )


def test_the_as_of_view_of_today_equals_todays_view_for_the_demo_buyer(demo):
    """Heatmap cells, the portfolio and every drill-down, replayed on today, are today's."""
    session, buyer = demo
    scope = Scope.of(buyer)
    current_scores.ensure(session, TODAY)
    session.commit()
    today = buyer_heatmap(session, scope, TODAY)
    replayed = buyer_heatmap(session, scope, TODAY, Filters(as_of=TODAY))
    assert sorted(replayed.cells) == sorted(today.cells) and replayed.partners == today.partners
    now, then = buyer_portfolio(session, scope, TODAY), buyer_portfolio(session, scope, TODAY, as_of=TODAY)
    assert (then.processes, then.truck_factors) == (now.processes, now.truck_factors)
    partnerships = session.scalars(
        select(Partnership).where(Partnership.buyer_id == buyer.id, Partnership.status == "accepted")
    ).all()
    for partnership in partnerships:
        for category_id in {c.category_id for c in today.cells if c.supplier_id == partnership.supplier_id}:
            views = [drilldown(session, partnership, category_id, TODAY, as_of=d) for d in (None, TODAY)]
            assert views[0].lines == views[1].lines, (partnership.supplier_id, category_id)


def test_the_as_of_overview_of_today_equals_todays_over_every_demo_supplier(demo):
    session, _buyer = demo
    for supplier in session.scalars(select(Organization).where(Organization.kind == "supplier")):
        today = build_overview(session, Scope.of(supplier), TODAY)
        replayed = build_overview(session, Scope.of(supplier), TODAY, history=True)
        assert replace(replayed, history=False) == today, supplier.code


def test_the_demo_looks_different_three_months_ago(demo):
    """The dated statuses and the assessment history make the past differ from today."""
    session, buyer = demo
    past = TODAY - timedelta(days=90)
    scope = Scope.of(buyer)
    now, then = buyer_portfolio(session, scope, TODAY), buyer_portfolio(session, scope, TODAY, as_of=past)
    assert [p.qualified for p in then.processes] != [p.qualified for p in now.processes]
