"""Today against the projection date, the shortfall in plain words, and the what-if."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from tests import builders as b
from tests.builders import TODAY
from tracker import scoring
from tracker.tenancy import Scope
from tracker.training.projection import default_until, needed, project_supplier, what_if

UNTIL = default_until(TODAY)
LONG_AGO = TODAY - timedelta(days=400)


@pytest.fixture
def shop(session):
    """A process (A, R 3) resting on one veteran at O, with a trainee at L."""
    supplier = b.gen_supplier(session)
    ns = SimpleNamespace(org=supplier)
    ns.viewer = b.gen_user(session, supplier, "viewer")
    ns.process = b.gen_process(session, supplier, code="W-01", criticality="A", required=3)
    ns.veteran = b.gen_engineer(session, supplier, name="Veteran")
    ns.trainee = b.gen_engineer(session, supplier, name="Trainee")
    b.gen_level(session, ns.veteran, ns.process, 4, LONG_AGO)
    b.gen_level(session, ns.trainee, ns.process, 2, LONG_AGO)
    session.commit()
    return ns


def plan(session, shop, due_on, status="in_progress", trainee=None):
    result = b.gen_plan(
        session,
        trainee or shop.trainee,
        shop.veteran,
        shop.process,
        from_level=2,
        starts_on=TODAY - timedelta(days=30),
        due_on=due_on,
        status=status,
    )
    session.commit()
    return result


def outlook(session, shop, until=UNTIL):
    projection = project_supplier(session, Scope.of(shop.org), TODAY, until)
    return projection.of(shop.process.id), projection


def score(effective: float, required: int = 3) -> scoring.ProcessScore:
    dependency = scoring.dependency_for(effective, required)
    return scoring.ProcessScore(effective, 0, 0, dependency, scoring.band_for(dependency), ())


# --- dates and counts ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "until"),
    [
        (date(2026, 11, 23), date(2027, 11, 23)),
        (date(2028, 2, 29), date(2029, 2, 28)),
        (date(2026, 12, 31), date(2027, 12, 31)),
    ],
)
def test_the_default_projection_is_twelve_months_ahead(today, until):
    assert default_until(today) == until


@pytest.mark.parametrize(
    ("effective", "required", "more"),
    [(1.0, 3, 2), (0.0, 2, 2), (2.3, 3, 1), (2.0, 3, 1), (3.0, 3, 0), (4.5, 3, 0), (1.9999999999, 3, 1)],
)
def test_needed_is_the_fully_available_people_missing_to_reach_r(effective, required, more):
    assert needed(score(effective, required), required) == more


# --- projection ----------------------------------------------------------------------------


def test_an_open_plan_due_by_the_date_lowers_the_projected_dependency(session, shop):
    plan(session, shop, TODAY + timedelta(days=100))
    row, _projection = outlook(session, shop)
    assert (row.now.qualified, row.now.dependency) == (1, 100)
    assert (row.then.qualified, row.then.dependency) == (2, 50)
    assert row.change == -1
    assert (row.shortfall.needed, row.shortfall.plans_due, row.shortfall.last_due) == (
        1,
        1,
        TODAY + timedelta(days=100),
    )


def test_an_overdue_plan_is_counted_by_default_and_said(client, auth, session, shop):
    plan(session, shop, TODAY - timedelta(days=10))
    row, projection = outlook(session, shop)
    assert (row.then.qualified, row.shortfall.plans_due, row.shortfall.overdue) == (2, 1, 1)
    assert projection.count_overdue
    auth.login(shop.viewer)
    page = client.get("/overview").get_data(as_text=True)
    assert "1 overdue plan is counted as if it will still be delivered." in page


def test_overdue_plans_can_be_left_out_of_the_projection(client, auth, session, shop):
    plan(session, shop, TODAY - timedelta(days=10))
    projection = project_supplier(session, Scope.of(shop.org), TODAY, UNTIL, count_overdue=False)
    row = projection.of(shop.process.id)
    assert (row.then.qualified, row.shortfall.plans_due, row.shortfall.overdue) == (1, 0, 1)
    auth.login(shop.viewer)
    page = client.get("/overview?leave_overdue=1").get_data(as_text=True)
    assert "1 overdue plan is left out." in page and 'name="leave_overdue" value="1" checked' in page


def test_a_plan_due_on_the_projection_date_counts(session, shop):
    plan(session, shop, UNTIL)
    row, _projection = outlook(session, shop)
    assert row.then.qualified == 2


def test_a_plan_due_after_the_projection_date_is_reported_but_not_counted(session, shop):
    plan(session, shop, UNTIL + timedelta(days=1))
    row, _projection = outlook(session, shop)
    assert row.then.qualified == 1
    assert (row.shortfall.plans_due, row.shortfall.plans_later, row.shortfall.next_later) == (
        0,
        1,
        UNTIL + timedelta(days=1),
    )


@pytest.mark.parametrize("status", ["done", "cancelled"])
def test_closed_plans_are_not_projected(session, shop, status):
    plan(session, shop, TODAY + timedelta(days=10), status=status)
    row, _projection = outlook(session, shop)
    assert (row.then.qualified, row.shortfall.plans_due) == (1, 0)


def test_a_retirement_before_the_date_makes_the_projection_worse(session, shop):
    helper = b.gen_engineer(session, shop.org, retires_on=TODAY + timedelta(days=60))
    b.gen_level(session, helper, shop.process, 3, LONG_AGO)
    session.commit()
    row, _projection = outlook(session, shop)
    assert row.now.qualified == 2
    assert (row.then.qualified, row.then.band, row.change) == (1, "critical", 1)
    assert row.shortfall.needed == 2


def test_the_projected_bands_count_only_critical_processes(session, shop):
    b.gen_process(session, shop.org, criticality="C")
    session.commit()
    _row, projection = outlook(session, shop)
    assert projection.bands_then == {"critical": 1}


# --- the overview ------------------------------------------------------------------------------


def overview(client, auth, shop, query: str = ""):
    auth.login(shop.viewer)
    return client.get(f"/overview{query}")


def test_the_overview_shows_today_and_projected_dependency_side_by_side(client, auth, session, shop):
    plan(session, shop, TODAY + timedelta(days=100))
    page = overview(client, auth, shop).get_data(as_text=True)
    assert f"D on {UNTIL.isoformat()}" in page
    assert f'<td class="num projected" data-process="{shop.process.id}">50</td>' in page
    assert '<td class="num now">100</td>' in page


def test_the_overview_says_the_shortfall_in_plain_words(client, auth, session, shop):
    due = TODAY + timedelta(days=100)
    plan(session, shop, due)
    page = overview(client, auth, shop).get_data(as_text=True)
    assert f"1 plan due {due.strftime('%Y-%m')} is counted." in page
    assert f"Still needs 1 more at U by {UNTIL.strftime('%Y-%m')}." in page


def test_the_overview_says_when_no_plan_is_due(client, auth, shop):
    page = overview(client, auth, shop).get_data(as_text=True)
    assert f"Needs 2 more at U by {UNTIL.strftime('%Y-%m')}." in page
    assert "No training plan is due by then." in page


def test_the_overview_says_when_plans_bring_a_process_to_covered(client, auth, session, shop):
    second = b.gen_engineer(session, shop.org)
    b.gen_level(session, second, shop.process, 2, LONG_AGO)
    due = TODAY + timedelta(days=50)
    plan(session, shop, TODAY + timedelta(days=20))
    plan(session, shop, due, trainee=second)
    page = overview(client, auth, shop).get_data(as_text=True)
    assert (
        f"Covered by {UNTIL.strftime('%Y-%m')} if the 2 plans due by {due.strftime('%Y-%m')} are delivered."
        in page
    )


def test_the_overview_projects_to_a_chosen_date(client, auth, session, shop):
    due = TODAY + timedelta(days=100)
    plan(session, shop, due)
    before = (due - timedelta(days=1)).isoformat()
    page = overview(client, auth, shop, f"?until={before}").get_data(as_text=True)
    assert f'<td class="num projected" data-process="{shop.process.id}">100</td>' in page
    assert f'value="{before}"' in page


@pytest.mark.parametrize("until", ["yesterday", (TODAY - timedelta(days=1)).isoformat(), TODAY.isoformat()])
def test_a_projection_date_not_after_today_falls_back_with_a_message(client, auth, shop, until):
    page = overview(client, auth, shop, f"?until={until}").get_data(as_text=True)
    assert "The projection date must be a date after today" in page
    assert f'value="{UNTIL.isoformat()}"' in page


def test_no_trainer_is_flagged_on_the_overview_and_the_matrix(client, auth, session, shop):
    untaught = b.gen_process(session, shop.org, code="U-01")
    b.gen_level(session, shop.trainee, untaught, 3, LONG_AGO)
    session.commit()
    auth.login(shop.viewer)
    matrix = client.get("/matrix").get_data(as_text=True)
    assert matrix.count('class="flag no-trainer"') == 1
    assert f'<td data-process="{untaught.id}" class="t">0<span class="flag no-trainer"' in matrix
    assert client.get("/overview").get_data(as_text=True).count(">no trainer</span>") == 1


# --- what-if ---------------------------------------------------------------------------------------


def test_losing_the_only_qualified_engineer_makes_the_band_worse(session, shop):
    helper = b.gen_engineer(session, shop.org)
    b.gen_level(session, helper, shop.process, 3, LONG_AGO)
    session.commit()
    [row] = what_if(session, Scope.of(shop.org), {shop.veteran.id}, TODAY)
    assert (row.process.id, row.before.band, row.after.band) == (shop.process.id, "high", "critical")


def test_losing_someone_who_does_not_count_changes_nothing(session, shop):
    assert what_if(session, Scope.of(shop.org), {shop.trainee.id}, TODAY) == []


def test_a_process_already_critical_cannot_get_worse(session, shop):
    assert what_if(session, Scope.of(shop.org), {shop.veteran.id}, TODAY) == []


def test_what_if_lists_the_worst_outcome_first(session, shop):
    helper = b.gen_engineer(session, shop.org)
    b.gen_level(session, helper, shop.process, 3, LONG_AGO)
    wide = b.gen_process(session, shop.org, code="A-00", required=3)
    for engineer in (
        shop.veteran,
        helper,
        b.gen_engineer(session, shop.org),
        b.gen_engineer(session, shop.org),
    ):
        b.gen_level(session, engineer, wide, 3, LONG_AGO)
    session.commit()
    rows = what_if(session, Scope.of(shop.org), {shop.veteran.id, helper.id}, TODAY)
    assert [(row.process.code, row.before.band, row.after.band) for row in rows] == [
        ("W-01", "high", "critical"),
        ("A-00", "covered", "high"),
    ]


def test_what_if_applies_the_lapse_rule(session, shop):
    shop.process.lapse_months = 6
    helper, stale = b.gen_engineer(session, shop.org), b.gen_engineer(session, shop.org)
    b.gen_level(session, helper, shop.process, 3, TODAY - timedelta(days=10))
    b.gen_level(session, shop.veteran, shop.process, 4, TODAY - timedelta(days=10))
    b.gen_level(session, stale, shop.process, 3, LONG_AGO)  # not practised for 13 months: lapsed
    session.commit()
    [row] = what_if(session, Scope.of(shop.org), {helper.id}, TODAY)
    assert (row.before.qualified, row.after.band) == (2, "critical")


def test_the_truck_factor_has_a_plain_name_and_keeps_the_technical_one_in_its_explanation(
    client, auth, shop
):
    auth.login(shop.viewer)
    client.post("/language", data={"language": "ja"})
    page = client.get("/overview").get_data(as_text=True)
    heading = page.split('<div class="label">', 1)[1].split("</div>", 1)[0]
    assert heading == "欠員耐性"
    assert "何人抜けると半数を超える工程で有資格者がいなくなるか（いわゆる「トラックファクター」）" in page
