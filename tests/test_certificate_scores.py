"""Required certificates in the scores: the SQL path, the Python path's inputs, the stored scores."""

from __future__ import annotations

import random
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from tests import builders as b
from tests.builders import TODAY
from tests.test_current_scores import assert_current
from tests.test_scores_db import python_scores, random_supplier
from tracker.heatmap import stored as current_scores
from tracker.models import CertificateType, CurrentScore, Process
from tracker.scoring import NOT_CERTIFIED
from tracker.scoring_sql import score_processes
from tracker.skills.matrix import build_matrix
from tracker.skills.service import holder_on
from tracker.tenancy import Scope
from tracker.training.projection import supplier_holders
from tracker.training.queries import can_train

DAY = timedelta(days=1)


@pytest.fixture
def line(session):
    """A welding process requiring a licence, held at U by three engineers: one with a valid
    licence, one whose licence expired yesterday, one who never had one; and a trainee."""
    ns = SimpleNamespace(supplier=b.gen_supplier(session))
    ns.weld = b.gen_process(session, ns.supplier, code="W-01", required=2)
    ns.licence = b.gen_certificate_type(session, ns.supplier, [ns.weld], required=True, validity_months=36)
    ns.valid, ns.expired, ns.missing, ns.trainee = (b.gen_engineer(session, ns.supplier) for _ in range(4))
    for engineer in (ns.valid, ns.expired, ns.missing):
        b.gen_level(session, engineer, ns.weld, 4, TODAY - timedelta(days=100))
    b.gen_level(session, ns.trainee, ns.weld, 1, TODAY - timedelta(days=100))
    b.gen_certificate(
        session, ns.valid, ns.licence, TODAY - timedelta(days=400), expires_on=TODAY + timedelta(days=30)
    )
    b.gen_certificate(session, ns.expired, ns.licence, TODAY - timedelta(days=900), expires_on=TODAY - DAY)
    session.commit()
    return ns


def score(session, process, on=TODAY, **options):
    [item] = score_processes(session, Process.id == process.id, on, **options)
    return item.score


def test_an_expired_or_missing_required_certificate_stops_the_level_counting_in_sql(session, line):
    today = score(session, line.weld)
    assert (today.qualified, today.trainers, today.key_persons) == (1, 1, (line.valid.id,))
    assert today == python_scores(session, line.supplier.id, TODAY)[line.weld.id]


def test_the_level_counts_again_once_the_certificate_is_renewed(session, line):
    b.gen_certificate(
        session, line.expired, line.licence, TODAY - DAY, expires_on=TODAY + timedelta(days=1000)
    )
    session.commit()
    assert score(session, line.weld).qualified == 2


def test_a_certificate_that_is_not_required_changes_nothing(session, line):
    line.licence.required = False
    session.commit()
    assert score(session, line.weld).qualified == 3


def test_it_stops_counting_on_the_day_the_certificate_expires_like_a_level(session, line):
    expiry = TODAY + timedelta(days=30)
    assert score(session, line.weld, expiry - DAY).qualified == 1
    assert score(session, line.weld, expiry).qualified == 0


def test_the_as_of_view_knows_a_certificate_only_from_its_issue_date(session, line):
    late = b.gen_engineer(session, line.supplier)
    b.gen_level(session, late, line.weld, 3, TODAY - timedelta(days=200))
    b.gen_certificate(session, late, line.licence, TODAY - timedelta(days=50))
    session.commit()
    then = TODAY - timedelta(days=60)  # expired's licence was valid then; late's was not issued yet
    assert score(session, line.weld, then, history=True).qualified == 2
    assert score(session, line.weld, TODAY, history=True) == score(session, line.weld)


def test_a_planned_level_counts_in_the_projection_only_with_the_certificate(session, line):
    until = TODAY + timedelta(days=20)
    b.gen_plan(session, line.trainee, line.valid, line.weld, from_level=1, target_level=3, due_on=TODAY + DAY)
    session.commit()
    assert score(session, line.weld, until, plans_until=until).qualified == 1  # valid only
    b.gen_certificate(session, line.trainee, line.licence, TODAY - DAY)
    session.commit()
    projected = score(session, line.weld, until, plans_until=until)
    assert projected.qualified == 2
    assert projected == python_scores(session, line.supplier.id, until, plans_until=until)[line.weld.id]


def test_the_python_paths_read_the_certificates_too(session, line):
    """The one-holder history read (who may train) and the what-if's holders."""
    assert holder_on(session, line.expired, line.weld, TODAY).expires_on == TODAY - DAY
    assert can_train(session, line.valid, line.weld, TODAY)
    assert not can_train(session, line.expired, line.weld, TODAY)
    assert not can_train(session, line.missing, line.weld, TODAY)
    assert can_train(session, line.expired, line.weld, TODAY - timedelta(days=2))
    holders = {
        h.engineer_id: h for h in supplier_holders(session, Scope.of(line.supplier), TODAY)[line.weld.id]
    }
    assert holders[line.valid.id].expires_on == TODAY + timedelta(days=30)
    assert holders[line.missing.id].expires_on == NOT_CERTIFIED
    assert holders[line.trainee.id].expires_on == NOT_CERTIFIED  # a learner: needs it too, once at U


def test_a_certificate_written_refreshes_the_stored_scores_in_its_transaction(session, line):
    assert current_scores.ensure(session, TODAY)
    stored = session.scalar(select(CurrentScore.qualified).where(CurrentScore.process_id == line.weld.id))
    assert stored == 1
    b.gen_certificate(session, line.missing, line.licence, TODAY - DAY)
    session.commit()
    assert_current(session)
    kind = session.get(CertificateType, line.licence.id)
    kind.processes = []  # the type no longer qualifies for the process: nothing required there
    session.commit()
    assert_current(session)
    assert session.scalar(select(CurrentScore.qualified).where(CurrentScore.process_id == line.weld.id)) == 3


@pytest.mark.parametrize("seed", range(4))
def test_the_random_certificates_of_the_differential_tests_change_some_scores(session, seed):
    """The SQL and Python paths are held equal over data where the certificates matter."""
    supplier = random_supplier(session, random.Random(seed))
    with_certificates = python_scores(session, supplier.id, TODAY)
    for kind in session.scalars(select(CertificateType).where(CertificateType.supplier_id == supplier.id)):
        kind.required = False
    session.flush()
    assert python_scores(session, supplier.id, TODAY) != with_certificates
    session.rollback()


def test_the_matrix_marks_a_level_its_required_certificate_stops(session, line):
    matrix = build_matrix(session, Scope.of(line.supplier), TODAY)
    flags = {row.engineer.id: row.cells[0] for row in matrix.rows}
    assert flags[line.valid.id] == (line.weld.id, 4, False)
    assert flags[line.expired.id] == (line.weld.id, 4, True)
    assert flags[line.missing.id] == (line.weld.id, 4, True)
    assert flags[line.trainee.id] == (line.weld.id, 1, False)  # needs it only once at U
    assert matrix.columns[0].score.qualified == 1
