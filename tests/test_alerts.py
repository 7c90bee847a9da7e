"""The alerts page: every group, its boundaries, its links, and only the acting supplier's data."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from tests import builders as b
from tests.builders import TODAY
from tracker.alerts.service import build_alerts
from tracker.tenancy import Scope

LONG_AGO = TODAY - timedelta(days=400)


@pytest.fixture
def shop(session):
    """A covered process (three engineers at U or O, one of them a trainer) and a viewer."""
    supplier = b.gen_supplier(session)
    ns = SimpleNamespace(org=supplier)
    ns.viewer = b.gen_user(session, supplier, "viewer")
    ns.editor = b.gen_user(session, supplier, "editor")
    ns.process = b.gen_process(session, supplier, code="W-01", criticality="B", required=2)
    ns.trainer = b.gen_engineer(session, supplier, name="Trainer")
    ns.people = [b.gen_engineer(session, supplier, name=f"Worker {n}") for n in range(2)]
    b.gen_level(session, ns.trainer, ns.process, 4, LONG_AGO)
    for engineer in ns.people:
        b.gen_level(session, engineer, ns.process, 3, LONG_AGO)
    session.commit()
    return ns


def alerts(session, shop, limit=3):
    return build_alerts(session, Scope.of(shop.org), TODAY, horizon=3.0, trainer_limit=limit)


def test_a_covered_supplier_has_no_alert(session, shop):
    assert alerts(session, shop).count == 0


@pytest.mark.parametrize(
    ("days", "listed"),
    [(-30, True), (0, True), (1, True), (60, True), (61, False)],
)
def test_certifications_expired_or_expiring_within_sixty_days_are_listed(session, shop, days, listed):
    b.gen_level(session, shop.people[0], shop.process, 3, LONG_AGO, expires_on=TODAY + timedelta(days=days))
    session.commit()
    found = alerts(session, shop).certifications
    assert [(c.engineer.id, c.expires_on) for c in found] == (
        [(shop.people[0].id, TODAY + timedelta(days=days))] if listed else []
    )


def test_certifications_of_engineers_who_left_are_not_listed(session, shop):
    b.gen_level(session, shop.people[0], shop.process, 3, LONG_AGO, expires_on=TODAY)
    shop.people[0].status = "left"
    session.commit()
    assert alerts(session, shop).certifications == []


def test_overdue_plans_are_listed_and_open_ones_on_time_are_not(session, shop):
    trainee = b.gen_engineer(session, shop.org)
    late = b.gen_plan(session, trainee, shop.trainer, shop.process, due_on=TODAY - timedelta(days=1))
    b.gen_plan(
        session, shop.people[0], shop.trainer, shop.process, from_level=3, target_level=4, due_on=TODAY
    )
    b.gen_plan(
        session,
        shop.people[1],
        shop.trainer,
        shop.process,
        from_level=3,
        target_level=4,
        due_on=TODAY - timedelta(days=9),
        status="done",
    )
    session.commit()
    assert [plan.id for plan in alerts(session, shop).overdue] == [late.id]


def test_a_process_at_d_100_is_listed(session, shop):
    lonely = b.gen_process(session, shop.org, code="X-01")
    b.gen_level(session, shop.trainer, lonely, 4, LONG_AGO)
    session.commit()
    assert [item.process.id for item in alerts(session, shop).critical] == [lonely.id]


def test_key_persons_retiring_within_the_horizon_are_listed(session, shop):
    shop.people[0].retires_on = TODAY + timedelta(days=365)
    shop.people[1].retires_on = TODAY + timedelta(days=4 * 365)
    lonely = b.gen_process(session, shop.org, code="X-01")
    b.gen_level(session, shop.people[0], lonely, 3, LONG_AGO)
    b.gen_level(session, shop.people[1], lonely, 3, LONG_AGO)
    session.commit()
    # On X-01 (R 2) both are key persons; only the first retires within three years.
    [retiring] = alerts(session, shop).retiring
    assert (retiring.engineer.id, [p.code for p in retiring.processes]) == (shop.people[0].id, ["X-01"])


def test_trainers_over_their_limit_are_listed(session, shop):
    for _ in range(2):
        b.gen_plan(session, b.gen_engineer(session, shop.org), shop.trainer, shop.process)
    session.commit()
    assert alerts(session, shop, limit=2).overloaded == []
    assert [load.engineer.id for load in alerts(session, shop, limit=1).overloaded] == [shop.trainer.id]


def test_critical_processes_nobody_can_teach_are_listed(session, shop):
    untaught = b.gen_process(session, shop.org, code="X-01", criticality="A")
    b.gen_process(session, shop.org, code="C-01", criticality="C")
    session.commit()
    assert [item.process.id for item in alerts(session, shop).untaught] == [untaught.id]


def test_another_suppliers_problems_are_not_shown(session, shop):
    other = b.gen_supplier(session)
    stranger = b.gen_engineer(session, other, name="Stranger")
    foreign = b.gen_process(session, other, code="F-01")
    b.gen_level(session, stranger, foreign, 4, LONG_AGO, expires_on=TODAY)
    session.commit()
    assert alerts(session, shop).count == 0


def test_the_page_links_each_alert_to_where_it_is_fixed(client, auth, session, shop):
    b.gen_level(session, shop.people[0], shop.process, 3, LONG_AGO, expires_on=TODAY + timedelta(days=5))
    late = b.gen_plan(
        session,
        b.gen_engineer(session, shop.org),
        shop.trainer,
        shop.process,
        due_on=TODAY - timedelta(days=3),
    )
    lonely = b.gen_process(session, shop.org, code="X-01")
    session.commit()
    auth.login(shop.editor)
    page = client.get("/alerts/").get_data(as_text=True)
    assert f'href="/skills/{shop.people[0].id}/{shop.process.id}"' in page
    assert "in 5 days" in page
    assert f'href="/training/{late.id}"' in page
    assert "3 days overdue" in page
    assert f'href="/training/new?process_id={lonely.id}"' in page


def test_viewers_are_sent_to_the_plans_rather_than_the_new_plan_form(client, auth, session, shop):
    lonely = b.gen_process(session, shop.org, code="X-01")
    session.commit()
    auth.login(shop.viewer)
    page = client.get("/alerts/").get_data(as_text=True)
    assert "/training/new" not in page
    assert f'href="/training/?process={lonely.id}"' in page
