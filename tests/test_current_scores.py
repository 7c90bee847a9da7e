"""The stored process scores: recomputed with every write and every new day, never read stale."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import insert, select, update

from tests import builders as b
from tests.builders import TODAY
from tests.test_scores_db import python_scores
from tracker.heatmap import queries
from tracker.heatmap import stored as current_scores
from tracker.heatmap.service import Cell, Filters, buyer_heatmap
from tracker.models import CurrentScore, DataVersion, Engineer, EngineerStatusPeriod, Process
from tracker.skills.service import record_practice
from tracker.tenancy import Scope


@pytest.fixture
def world(session):
    """A buyer partnered with two suppliers, their processes held by a few engineers; scores stored."""
    categories = [b.gen_category(session) for _ in range(2)]
    ns = SimpleNamespace(buyer=b.gen_buyer(session), categories=categories)
    ns.north, ns.south = b.gen_supplier(session), b.gen_supplier(session)
    ns.veteran = b.gen_engineer(session, ns.north, retires_on=TODAY + timedelta(days=400))
    ns.solid = b.gen_engineer(session, ns.north)
    ns.learner = b.gen_engineer(session, ns.north)
    ns.weld = b.gen_process(session, ns.north, categories[0], code="W-01", site="Main")
    ns.bend = b.gen_process(session, ns.north, categories[0], code="B-01", criticality="B", site="East")
    ns.coat = b.gen_process(session, ns.north, categories[1], code="C-01", lapse_months=6)
    b.gen_level(session, ns.veteran, ns.weld, 4, TODAY - timedelta(days=30))
    b.gen_level(session, ns.solid, ns.weld, 3, TODAY - timedelta(days=30))
    b.gen_level(session, ns.learner, ns.weld, 2, TODAY - timedelta(days=30))
    b.gen_level(session, ns.solid, ns.bend, 4, TODAY - timedelta(days=30))
    b.gen_level(session, ns.veteran, ns.coat, 3, TODAY - timedelta(days=300))
    south_engineer = b.gen_engineer(session, ns.south)
    ns.mill = b.gen_process(session, ns.south, categories[1], code="M-01")
    b.gen_level(session, south_engineer, ns.mill, 3, TODAY - timedelta(days=10))
    b.gen_process(session, ns.south, categories[1], code="M-02", criticality="C")
    for supplier in (ns.north, ns.south):
        b.gen_partnership(session, ns.buyer, supplier)
    session.commit()
    assert current_scores.ensure(session, TODAY)
    return ns


def assert_current(session, on: date = TODAY) -> None:
    """Every process's stored row equals scoring.score_process over the data, ranked worst first."""
    rows = session.scalars(select(CurrentScore).execution_options(populate_existing=True))
    stored = {row.process_id: row for row in rows}
    processes = session.scalars(select(Process)).all()
    assert set(stored) == {p.id for p in processes}
    for supplier_id in {p.supplier_id for p in processes}:
        reference = python_scores(session, supplier_id, on)
        mine = [p for p in processes if p.supplier_id == supplier_id]
        for process in mine:
            row, score = stored[process.id], reference[process.id]
            assert row.effective == pytest.approx(score.effective, abs=1e-9), process.code
            assert (row.qualified, row.trainers, row.band) == (score.qualified, score.trainers, score.band)
            assert row.dependency == pytest.approx(score.dependency, abs=1e-9)
            copied = (row.supplier_id, row.category_id, row.criticality, row.site, row.code, row.name)
            assert copied == (
                process.supplier_id,
                process.category_id,
                process.criticality,
                process.site,
                process.code,
                process.name,
            )
        worst_first = sorted(
            mine,
            key=lambda p: (-reference[p.id].dependency, reference[p.id].effective, p.code, p.id),
        )
        assert [stored[p.id].severity for p in worst_first] == list(range(1, len(mine) + 1))


def store_as_of(session, day: date) -> None:
    """Label the stored rows as another day's (as if the day had changed since)."""
    session.execute(update(DataVersion).values(scores_on=day))
    session.commit()


def test_ensure_stores_every_process_once_a_day(session, world):
    assert_current(session)
    state = session.get(DataVersion, 1)
    assert (state.scores_on, state.scores_horizon) == (TODAY, 3.0)
    assert not current_scores.ensure(session, TODAY)  # already today's
    assert current_scores.ensure(session, TODAY + timedelta(days=1))  # a new day
    assert_current(session, TODAY + timedelta(days=1))
    assert current_scores.ensure(session, TODAY + timedelta(days=1), horizon=5.0)  # another horizon
    assert not current_scores.ensure(session, TODAY, horizon=5.0)  # the stored date never goes back
    assert session.scalar(select(DataVersion.scores_on)) == TODAY + timedelta(days=1)


def test_a_refresh_makes_every_cached_map_unreachable(session, world):
    before = session.scalar(select(DataVersion.version))
    store_as_of(session, TODAY - timedelta(days=1))
    assert current_scores.ensure(session, TODAY)
    assert session.scalar(select(DataVersion.version)) > before


def _new_level(session, world):
    b.gen_level(session, world.learner, world.weld, 3, TODAY)


def _expired_certificate(session, world):
    b.gen_level(session, world.solid, world.bend, 4, TODAY - timedelta(days=1), expires_on=TODAY)


def _engineer_leaves(session, world):
    b.gen_status(session, session.get(Engineer, world.solid.id), "left", TODAY)


def _retirement_brought_forward(session, world):
    session.get(Engineer, world.veteran.id).retires_on = TODAY + timedelta(days=30)


def _process_changed(session, world):
    process = session.get(Process, world.weld.id)
    process.required, process.criticality, process.site = 4, "B", "West"
    process.category_id, process.name = world.categories[1].id, "TIG welding, line 3"


def _new_process(session, world):
    b.gen_process(session, world.north, world.categories[1], code="N-01")


def _practice_logged(session, world):
    record_practice(session, world.veteran.id, world.coat.id, TODAY)


@pytest.mark.parametrize(
    "write",
    [
        _new_level,
        _expired_certificate,
        _engineer_leaves,
        _retirement_brought_forward,
        _process_changed,
        _new_process,
        _practice_logged,
    ],
)
def test_a_committed_write_recomputes_its_supplier_in_the_same_transaction(session, world, write):
    def dependencies():
        columns = (CurrentScore.process_id, CurrentScore.effective, CurrentScore.dependency)
        return session.execute(select(*columns).order_by(CurrentScore.process_id)).all()

    before = dependencies()
    write(session, world)
    session.commit()
    assert_current(session)
    after = dependencies()
    assert after != before or write is _new_process  # the write changed a score: the test can fail


def _dependency_of(session, process) -> float:
    return session.scalar(select(CurrentScore.dependency).where(CurrentScore.process_id == process.id))


def test_a_rolled_back_write_leaves_the_stored_scores_alone(session, world):
    session.execute(
        update(CurrentScore).where(CurrentScore.process_id == world.weld.id).values(dependency=42.0)
    )
    session.commit()  # a stored value no recomputation would give
    _engineer_leaves(session, world)
    session.flush()
    session.rollback()
    b.gen_user(session, world.buyer, "viewer")  # an unrelated write commits next
    session.commit()
    assert _dependency_of(session, world.weld) == 42.0  # North was not recomputed


def test_a_savepoint_rolled_back_then_a_commit_leaves_the_rows_right(session, world):
    _new_level(session, world)
    savepoint = session.begin_nested()
    _retirement_brought_forward(session, world)
    session.flush()
    savepoint.rollback()
    session.commit()
    assert_current(session)


def test_a_bulk_statement_recomputes_every_supplier(session, world):
    solid = world.solid
    away = {"supplier_id": solid.supplier_id, "engineer_id": solid.id, "status": "left", "starts_on": TODAY}
    session.execute(insert(EngineerStatusPeriod).values(**away))
    session.commit()
    assert_current(session)
    assert _dependency_of(session, world.bend) == 100.0  # its one holder left


def test_nothing_is_stored_before_the_first_refresh(session):
    supplier = b.gen_supplier(session)
    b.gen_level(session, b.gen_engineer(session, supplier), b.gen_process(session, supplier), 3)
    session.commit()
    assert session.scalars(select(CurrentScore)).all() == []


@pytest.mark.parametrize(
    "filters",
    [Filters(), Filters(criticality="A"), Filters(criticality="B"), Filters(site="East")],
)
def test_stored_and_level_scores_give_the_same_map(session, world, filters):
    stored = buyer_heatmap(session, Scope.of(world.buyer), TODAY, filters)
    store_as_of(session, TODAY - timedelta(days=1))  # stored for another day: not read
    from_levels = buyer_heatmap(session, Scope.of(world.buyer), TODAY, filters)
    assert stored.by_position() == from_levels.by_position()
    assert stored.partners == from_levels.partners and stored.categories == from_levels.categories
    assert stored.cells


def test_the_category_filter_on_stored_scores(session, world):
    filters = Filters(category_id=world.categories[1].id)
    cells = buyer_heatmap(session, Scope.of(world.buyer), TODAY, filters).by_position()
    assert {key[1] for key in cells} == {world.categories[1].id}
    assert cells[world.south.id, world.categories[1].id].processes == 1  # M-02 is a C process


def test_the_days_first_heatmap_request_brings_the_stored_scores_up_to_date(client, auth, session, world):
    viewer = b.gen_user(session, world.buyer, "viewer")
    session.commit()
    store_as_of(session, TODAY - timedelta(days=1))
    auth.login(viewer)
    assert client.get("/heatmap/figure.json").status_code == 200
    session.expire_all()
    assert session.get(DataVersion, 1).scores_on == TODAY
    assert_current(session)


def test_the_recompute_command(app, runner, session, world):
    store_as_of(session, TODAY - timedelta(days=1))
    with app.app_context():  # as the `flask` command provides
        assert "recomputed" in runner.invoke(args=["recompute"]).output
    with app.app_context():
        assert "already" in runner.invoke(args=["recompute"]).output
    session.expire_all()
    assert session.get(DataVersion, 1).scores_on == TODAY


def test_todays_map_is_read_from_the_stored_scores_and_another_days_from_the_levels(session, world):
    session.execute(
        update(CurrentScore).where(CurrentScore.process_id == world.mill.id).values(dependency=42.0)
    )
    session.commit()
    key = (world.south.id, world.categories[1].id)
    assert buyer_heatmap(session, Scope.of(world.buyer), TODAY).by_position()[key].dependency == 42.0
    tomorrow = buyer_heatmap(session, Scope.of(world.buyer), TODAY + timedelta(days=1))
    assert tomorrow.by_position()[key].dependency == 100.0  # one holder


def test_the_cells_statement_gives_rows_in_cell_order():
    columns = queries.cells_statement(True, True).selected_columns
    assert [column.name for column in columns] == list(Cell._fields)  # Cells are built by position
