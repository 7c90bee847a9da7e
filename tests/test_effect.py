"""Every write that changes a score says what changed: the diff helper and the flashes after
recording a level, logging a session, closing a plan and changing an engineer's status."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from tests import builders as b
from tests.builders import TODAY
from tracker import effect, scoring
from tracker.models import Process
from tracker.scoring_sql import Scored


def scored(code: str, qualified: int, dependency: float) -> Scored:
    score = scoring.ProcessScore(
        effective=float(qualified),
        qualified=qualified,
        trainers=0,
        dependency=dependency,
        band=scoring.band_for(dependency),
        key_persons=(),
    )
    return Scored(Process(code=code), score)


def test_differences_pair_each_process_before_and_after_in_code_order():
    before = {2: scored("W-01", 1, 100.0), 1: scored("NC-01", 2, 0.0)}
    after = {2: scored("W-01", 2, 0.0), 1: scored("NC-01", 2, 0.2)}
    changes = effect.differences(before, after)
    assert [c.code for c in changes] == ["NC-01", "W-01"]
    nc, weld = changes
    assert (weld.q_before, weld.q_after, weld.d_before, weld.d_after) == (1, 2, 100.0, 0.0)
    assert (weld.band_before, weld.band_after, weld.changed) == ("critical", "covered", True)
    # 0 → 0.2 shows as "D 0" both times, yet the band moves from covered to watch: a change.
    assert (nc.band_before, nc.band_after, nc.changed) == ("covered", "watch", True)


def test_a_process_whose_scores_stay_is_not_a_change():
    (same,) = effect.differences({1: scored("NC-01", 2, 0.0)}, {1: scored("NC-01", 2, 0.0)})
    assert not same.changed


def test_differences_leave_out_a_process_scored_only_once():
    assert effect.differences({1: scored("NC-01", 2, 0.0)}, {}) == []


@pytest.fixture
def shop(session, supplier):
    """A process needing two holders (R = 2), held by a trainer at O; a trainee at L; an editor."""
    ns = SimpleNamespace(org=supplier)
    ns.editor = b.gen_user(session, supplier, "editor")
    ns.process = b.gen_process(session, supplier, code="NC-01", required=2)
    ns.trainer = b.gen_engineer(session, supplier, name="Sato")
    ns.trainee = b.gen_engineer(session, supplier, name="Suzuki")
    b.gen_level(session, ns.trainer, ns.process, 4, date(2025, 1, 1))
    b.gen_level(session, ns.trainee, ns.process, 2, date(2025, 6, 1))
    session.commit()
    return ns


@pytest.fixture
def plan(session, shop):
    """An open plan taking the trainee from L to U (due in the past, so projected as delivered)."""
    plan = b.gen_plan(session, shop.trainee, shop.trainer, shop.process, from_level=2, target_level=3)
    session.commit()
    return plan


def record_trainee_at_u(client, shop) -> str:
    """Record the trainee at U today through the level form; the page it leads to."""
    response = client.post(
        f"/skills/{shop.trainee.id}/{shop.process.id}",
        data={"level": "3", "assessed_on": TODAY.isoformat()},
        follow_redirects=True,
    )
    return response.get_data(as_text=True)


def test_recording_a_level_in_the_matrix_says_what_it_changed(client, auth, shop):
    auth.login(shop.editor)
    page = record_trainee_at_u(client, shop)
    assert "NC-01: Q 1 → 2, D 100 → 0, now covered." in page


def test_logging_a_session_with_an_assessed_level_says_what_it_changed(client, auth, shop, plan):
    auth.login(shop.editor)
    page = client.post(
        f"/training/{plan.id}/sessions",
        data={"held_on": TODAY.isoformat(), "hours": "2", "level_assessed": "3", "assessor": "Sato"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Session logged." in page
    assert "NC-01: Q 1 → 2, D 100 → 0, now covered." in page


def test_cancelling_a_plan_says_what_it_changed_in_the_projection(client, auth, shop, plan):
    auth.login(shop.editor)
    page = client.post(f"/training/{plan.id}/cancel", follow_redirects=True).get_data(as_text=True)
    assert "In the projection: NC-01: Q 2 → 1, D 0 → 100, now critical." in page


def test_closing_a_plan_as_done_says_the_projection_stays(client, auth, session, shop, plan):
    b.gen_level(session, shop.trainee, shop.process, 3, date(2026, 5, 1))
    session.commit()
    auth.login(shop.editor)
    page = client.post(f"/training/{plan.id}/done", follow_redirects=True).get_data(as_text=True)
    assert "In the projection: NC-01: scores unchanged (Q 2, D 0, covered)." in page


def test_marking_an_engineer_as_left_says_what_it_changed(client, auth, session, shop):
    b.gen_level(session, shop.trainee, shop.process, 3, date(2026, 5, 1))
    session.commit()
    auth.login(shop.editor)
    page = client.post(f"/engineers/{shop.trainee.id}/left", follow_redirects=True).get_data(as_text=True)
    assert "NC-01: Q 2 → 1, D 0 → 100, now critical." in page


def test_putting_an_engineer_on_leave_through_the_form_says_what_it_changed(client, auth, shop):
    auth.login(shop.editor)
    trainer = shop.trainer
    data = {
        "name": trainer.name,
        "employee_code": trainer.employee_code,
        "site": trainer.site,
        "status": "leave",
        "status_from": TODAY.isoformat(),
    }
    page = client.post(f"/engineers/{trainer.id}/edit", data=data, follow_redirects=True)
    page = page.get_data(as_text=True)
    assert "Changes saved." in page
    assert "NC-01: Q 1 → 0." in page


def test_the_flash_is_in_japanese_for_a_japanese_user(client, auth, session, shop):
    japanese = b.gen_user(session, shop.org, "editor", locale="ja")
    session.commit()
    auth.login(japanese)
    page = record_trainee_at_u(client, shop)
    assert "NC-01: Q 1 → 2、D 100 → 0、充足になりました。" in page


def test_the_plan_page_shows_the_process_d_today_and_projected(client, auth, shop, plan):
    auth.login(shop.editor)
    page = client.get(f"/training/{plan.id}").get_data(as_text=True)
    today = page.split('id="d-today"')[1].split("</div>")[0]
    projected = page.split('id="d-projected"')[1].split("</div>")[0]
    assert '<span class="figure">100</span>' in today and "critical" in today
    assert '<span class="figure">0</span>' in projected and "covered" in projected
