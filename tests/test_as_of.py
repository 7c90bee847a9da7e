"""As of a past date: the supplier overview, the buyer's heatmap, summary, drill-down and export,
and the supplier's own map, replayed from the history (`?on=YYYY-MM-DD`, one date parameter)."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from tests import builders as b
from tests.builders import TODAY
from tracker.heatmap.drilldown import drilldown
from tracker.heatmap.service import Filters, buyer_heatmap, buyer_portfolio
from tracker.skills import service as skills
from tracker.suppliers.service import build_overview
from tracker.tenancy import Scope

LAST_MONTH = TODAY - timedelta(days=30)
BEFORE = TODAY - timedelta(days=60)  # before the departure of last month


@pytest.fixture
def shop(session):
    """North, partner of a buyer: one A process held at U by Sato, Suzuki and Kato (R = 3)."""
    buyer = b.gen_buyer(session, name="Towa")
    north = b.gen_supplier(session, name="North")
    category = b.gen_category(session)
    ns = SimpleNamespace(buyer=buyer, north=north, category=category, scope=Scope.of(north))
    ns.buyer_viewer = b.gen_user(session, buyer, "viewer")
    ns.north_viewer = b.gen_user(session, north, "viewer")
    ns.process = b.gen_process(session, north, category, code="W-01", criticality="A", required=3)
    ns.sato, ns.suzuki, ns.kato = (b.gen_engineer(session, north, name=n) for n in ("Sato", "Suzuki", "Kato"))
    for engineer in (ns.sato, ns.suzuki, ns.kato):
        b.gen_level(session, engineer, ns.process, 3, date(2025, 1, 1))
    ns.partnership = b.gen_partnership(session, buyer, north, disclosure="named")
    session.commit()
    return ns


def qualified(session, shop, on: date | None) -> int:
    """Q of the process in the buyer's heatmap cell, today (None) or as of `on`."""
    [cell] = buyer_heatmap(session, Scope.of(shop.buyer), TODAY, Filters(as_of=on)).cells
    return cell.qualified


def test_an_engineer_who_left_last_month_counts_before_and_not_after(session, shop):
    b.gen_status(session, shop.kato, "left", LAST_MONTH)
    session.commit()
    assert qualified(session, shop, BEFORE) == 3
    assert qualified(session, shop, LAST_MONTH) == 2
    assert qualified(session, shop, None) == 2


def test_a_leave_excludes_the_engineer_only_within_its_dates(session, shop):
    start, end = date(2026, 3, 1), date(2026, 3, 31)
    b.gen_status(session, shop.kato, "leave", start, end)
    session.commit()
    days = (start - timedelta(days=1), start, end, end + timedelta(days=1))
    assert [qualified(session, shop, day) for day in days] == [3, 2, 2, 3]


def test_an_assessment_after_the_date_is_ignored(session, shop):
    b.gen_level(session, shop.sato, shop.process, 1, LAST_MONTH)  # downgraded last month
    session.commit()
    assert (qualified(session, shop, BEFORE), qualified(session, shop, None)) == (3, 2)


def test_a_promotion_after_the_date_is_ignored(session, shop):
    ito = b.gen_engineer(session, shop.north, name="Ito")
    b.gen_level(session, ito, shop.process, 2, date(2025, 1, 1))
    b.gen_level(session, ito, shop.process, 3, LAST_MONTH)  # promoted to U last month
    session.commit()
    assert (qualified(session, shop, BEFORE), qualified(session, shop, None)) == (3, 4)


def test_a_downgrade_recorded_in_bulk_after_the_date_is_ignored(session, shop):
    """The import's set-based path keeps the highest level the pair reached, as one by one does."""
    item = skills.NewAssessment(shop.sato.id, shop.process.id, 1, shop.sato.name, shop.process.code)
    skills.record_assessments(session, shop.north.id, [item], LAST_MONTH)
    session.commit()
    assert (qualified(session, shop, BEFORE), qualified(session, shop, None)) == (3, 2)


def test_a_level_that_expired_after_the_date_still_counts_on_it(session, shop):
    b.gen_level(session, shop.sato, shop.process, 3, date(2025, 6, 1), expires_on=LAST_MONTH)
    session.commit()
    assert qualified(session, shop, LAST_MONTH - timedelta(days=1)) == 3
    assert qualified(session, shop, LAST_MONTH) == 2


def test_a_retirement_between_the_date_and_today_counts_as_not_yet_retired(session, shop):
    shop.kato.retires_on = LAST_MONTH
    session.commit()
    assert (qualified(session, shop, BEFORE), qualified(session, shop, None)) == (3, 2)


def test_the_overview_portfolio_and_drilldown_replay_the_same_date(session, shop):
    b.gen_status(session, shop.kato, "left", LAST_MONTH)
    session.commit()
    past = build_overview(session, shop.scope, BEFORE, history=True)
    now = build_overview(session, shop.scope, TODAY)
    assert (past.processes[0].score.qualified, now.processes[0].score.qualified) == (3, 2)
    assert past.history and not now.history
    scope = Scope.of(shop.buyer)
    portfolio = buyer_portfolio(session, scope, TODAY, as_of=BEFORE)
    assert (portfolio.on, portfolio.as_of, portfolio.processes[0].qualified) == (BEFORE, BEFORE, 3)
    view = drilldown(session, shop.partnership, shop.category.id, TODAY, as_of=BEFORE)
    assert (view.on, view.lines[0].qualified) == (BEFORE, 3)
    assert drilldown(session, shop.partnership, shop.category.id, TODAY).lines[0].qualified == 2


def test_the_drilldown_of_a_past_date_lists_the_plans_running_then(session, shop):
    trainee = b.gen_engineer(session, shop.north, name="Mori")
    b.gen_plan(session, trainee, shop.sato, shop.process, starts_on=date(2026, 1, 1), due_on=date(2026, 6, 1))
    b.gen_plan(
        session, trainee, shop.suzuki, shop.process, starts_on=date(2026, 2, 1), due_on=date(2026, 4, 1),
        status="done",
    )  # fmt: skip
    session.commit()
    then = drilldown(session, shop.partnership, shop.category.id, TODAY, as_of=date(2026, 3, 1))
    assert then.lines[0].plan_count == 2
    assert drilldown(session, shop.partnership, shop.category.id, TODAY).lines[0].plan_count == 1


def test_as_of_wins_over_the_projection(session, shop):
    heatmap = buyer_heatmap(session, Scope.of(shop.buyer), TODAY, Filters(projected=True, as_of=BEFORE))
    assert (heatmap.on, heatmap.projected, heatmap.as_of) == (BEFORE, False, BEFORE)


# --- pages -------------------------------------------------------------------------


def test_the_overview_of_a_past_date_says_so_and_links_back_to_today(client, auth, session, shop):
    b.gen_status(session, shop.kato, "left", LAST_MONTH)
    session.commit()
    auth.login(shop.north_viewer)
    page = client.get(f"/overview?on={BEFORE.isoformat()}").get_data(as_text=True)
    assert f"As of {BEFORE.isoformat()}, a past date." in page
    assert 'href="/overview">Back to today' in page
    assert "Projection date" not in page  # the projection is today's
    assert "As of" not in client.get("/overview").get_data(as_text=True).split("<main>")[1].split("<form")[0]


@pytest.mark.parametrize("value", ["2026-13-01", "yesterday", (TODAY + timedelta(days=1)).isoformat()])
def test_an_invalid_or_future_date_is_refused_with_a_message_and_today_shown(
    client, auth, session, shop, value
):
    auth.login(shop.north_viewer)
    page = client.get(f"/overview?on={value}").get_data(as_text=True)
    assert "The as-of date must be a past date" in page
    assert "a past date." not in page and "Projection date" in page
    auth.logout()
    auth.login(shop.buyer_viewer)
    page = client.get(f"/heatmap?on={value}").get_data(as_text=True)
    assert "The as-of date must be a past date" in page
    assert 'data-figure-src="/heatmap/figure.json"' in page  # today's map


def test_the_buyer_pages_carry_the_date_to_the_figure_drilldown_and_export(client, auth, session, shop):
    b.gen_status(session, shop.kato, "left", LAST_MONTH)
    session.commit()
    auth.login(shop.buyer_viewer)
    on = BEFORE.isoformat()
    page = client.get(f"/heatmap?on={on}").get_data(as_text=True)
    assert f"As of {on}, a past date." in page
    assert f'data-figure-src="/heatmap/figure.json?on={on}"' in page
    assert f"/heatmap/export.csv?on={on}" in page
    figure = client.get(f"/heatmap/figure.json?on={on}").get_json()
    links = figure["layout"]["meta"]["links"]
    link = links["template"].format(x=links["x"][0], y=links["y"][0])
    assert link.endswith(f"?on={on}")
    assert f"As of {on}, a past date." in client.get(link).get_data(as_text=True)
    assert "a past date." not in client.get(link.split("?")[0]).get_data(as_text=True)
    export = client.get(f"/heatmap/export.csv?on={on}")
    assert f"densho-heatmap-{on}.csv" in export.headers["Content-Disposition"]


def test_todays_and_the_past_summaries_are_cached_apart(client, auth, session, shop):
    b.gen_status(session, shop.kato, "left", LAST_MONTH)
    session.commit()
    auth.login(shop.buyer_viewer)

    def effective(query: str) -> str:
        rows = client.get(f"/heatmap/export.csv{query}").get_data(as_text=True).splitlines()
        return rows[1]

    today, past = effective(""), effective(f"?on={BEFORE.isoformat()}")
    assert today != past and effective("") == today


def test_the_supplier_sees_its_own_map_as_of_a_past_date(client, auth, session, shop):
    auth.login(shop.north_viewer)
    page = client.get(f"/heatmap/own?on={BEFORE.isoformat()}").get_data(as_text=True)
    assert f"As of {BEFORE.isoformat()}, a past date." in page and 'href="/heatmap/own">Back to today' in page
