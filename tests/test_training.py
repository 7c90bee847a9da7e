"""Training plans and sessions: the rules, the pages, trainer load, the what-if."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from tests import builders as b
from tests.builders import TODAY
from tracker.models import Assessment, AuditEvent, CurrentLevel, TrainingPlan, TrainingSession
from tracker.refusals import Refused
from tracker.tenancy import Scope
from tracker.training import queries
from tracker.training import service as training

START = date(2026, 3, 1)


@pytest.fixture
def shop(session):
    """A supplier with a process, a trainer at O since 2025, a trainee at L, and its users."""
    supplier = b.gen_supplier(session, name="Yamada")
    ns = SimpleNamespace(org=supplier, scope=Scope.of(supplier))
    ns.editor = b.gen_user(session, supplier, "editor")
    ns.viewer = b.gen_user(session, supplier, "viewer")
    ns.process = b.gen_process(session, supplier, code="W-01", name="TIG welding")
    ns.trainer = b.gen_engineer(session, supplier, name="Sato")
    ns.trainee = b.gen_engineer(session, supplier, name="Suzuki")
    ns.other = b.gen_engineer(session, supplier, name="Tanaka")
    b.gen_level(session, ns.trainer, ns.process, 4, date(2025, 1, 1))
    b.gen_level(session, ns.trainee, ns.process, 2, date(2025, 6, 1))
    session.commit()
    return ns


def values(shop, **changes) -> dict:
    return {
        "trainee_id": shop.trainee.id,
        "trainer_id": shop.trainer.id,
        "process_id": shop.process.id,
        "target_level": 3,
        "starts_on": START,
        "due_on": START + timedelta(days=180),
        "notes": "",
    } | changes


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def refusal(session, shop, **changes) -> Refused:
    with pytest.raises(Refused) as caught:
        training.create_plan(session, shop.scope, shop.editor.id, values(shop, **changes))
    session.rollback()
    return caught.value


# --- plan rules (service) ----------------------------------------------------------


def test_a_new_plan_starts_from_the_trainees_current_level(session, shop):
    plan = training.create_plan(session, shop.scope, shop.editor.id, values(shop))
    assert (plan.from_level, plan.target_level, plan.status) == (2, 3, "planned")


def test_a_trainee_without_a_level_starts_from_zero(session, shop):
    plan = training.create_plan(session, shop.scope, shop.editor.id, values(shop, trainee_id=shop.other.id))
    assert plan.from_level == 0


def test_a_trainer_without_level_four_is_refused(session, shop):
    b.gen_level(session, shop.other, shop.process, 3, date(2025, 1, 1))
    refused = refusal(session, shop, trainer_id=shop.other.id)
    assert (refused.field, refused.code) == ("trainer_id", "trainer_not_o")


def test_a_trainer_reaching_level_four_after_the_start_date_is_refused(session, shop):
    b.gen_level(session, shop.other, shop.process, 4, START + timedelta(days=1))
    assert refusal(session, shop, trainer_id=shop.other.id).code == "trainer_not_o"


def test_a_trainer_at_level_four_on_the_start_date_is_accepted(session, shop):
    b.gen_level(session, shop.other, shop.process, 4, START)
    plan = training.create_plan(session, shop.scope, shop.editor.id, values(shop, trainer_id=shop.other.id))
    assert plan.trainer_id == shop.other.id


def test_a_trainer_whose_level_four_expired_by_the_start_date_is_refused(session, shop):
    b.gen_level(session, shop.other, shop.process, 4, date(2025, 1, 1), expires_on=START)
    assert refusal(session, shop, trainer_id=shop.other.id).code == "trainer_not_o"


def test_a_trainer_downgraded_before_the_start_date_is_refused(session, shop):
    b.gen_level(session, shop.trainer, shop.process, 2, START - timedelta(days=1))
    assert refusal(session, shop).code == "trainer_not_o"


def test_a_trainer_on_leave_is_refused(session, shop):
    b.gen_status(session, shop.trainer, "leave", START - timedelta(days=10))  # on leave on the start date
    assert refusal(session, shop).code == "trainer_not_o"


def test_a_trainer_retired_by_the_start_date_is_refused(session, shop):
    shop.trainer.retires_on = START
    assert refusal(session, shop).code == "trainer_not_o"


def test_a_trainer_whose_level_four_lapsed_for_lack_of_practice_is_refused(session, shop):
    """Who may teach is one rule: scoring gives T = 0 here, so plan validation refuses him too."""
    lapsing = b.gen_process(session, shop.org, code="W-02", lapse_months=6)
    b.gen_level(session, shop.trainer, lapsing, 4, date(2024, 1, 1))
    b.gen_level(session, shop.trainee, lapsing, 2, date(2025, 6, 1))
    session.commit()
    refused = refusal(session, shop, process_id=lapsing.id)
    assert (refused.field, refused.code) == ("trainer_id", "trainer_not_o")


def test_a_trainer_who_practised_within_the_lapse_is_accepted(session, shop):
    lapsing = b.gen_process(session, shop.org, code="W-02", lapse_months=6)
    b.gen_level(session, shop.trainer, lapsing, 4, START - timedelta(days=60))
    session.commit()
    plan = training.create_plan(session, shop.scope, shop.editor.id, values(shop, process_id=lapsing.id))
    assert plan.trainer_id == shop.trainer.id


def test_the_trainee_cannot_be_the_trainer(session, shop):
    refused = refusal(session, shop, trainee_id=shop.trainer.id)
    assert (refused.field, refused.code) == ("trainer_id", "trainee_is_trainer")


def test_a_due_date_before_the_start_is_refused(session, shop):
    refused = refusal(session, shop, due_on=START - timedelta(days=1))
    assert (refused.field, refused.code) == ("due_on", "due_before_start")


@pytest.mark.parametrize("target", [1, 2, 5])
def test_a_target_not_above_the_from_level_or_beyond_o_is_refused(session, shop, target):
    refused = refusal(session, shop, target_level=target)
    assert (refused.field, refused.code) == ("target_level", "target_not_above")


def test_a_second_open_plan_for_the_same_trainee_and_process_is_refused(session, shop):
    training.create_plan(session, shop.scope, shop.editor.id, values(shop))
    session.commit()
    refused = refusal(session, shop, target_level=4)
    assert (refused.field, refused.code) == ("trainee_id", "already_open")


def test_a_new_plan_is_allowed_once_the_previous_one_is_cancelled(session, shop):
    first = training.create_plan(session, shop.scope, shop.editor.id, values(shop))
    training.cancel_plan(session, first, shop.editor.id)
    second = training.create_plan(session, shop.scope, shop.editor.id, values(shop, target_level=4))
    assert second.id != first.id


def test_another_suppliers_engineer_or_process_is_refused(session, shop):
    other = b.gen_supplier(session)
    stranger = b.gen_engineer(session, other)
    foreign_process = b.gen_process(session, other)
    session.commit()
    assert refusal(session, shop, trainer_id=stranger.id).field == "trainer_id"
    assert refusal(session, shop, trainee_id=stranger.id).field == "trainee_id"
    assert refusal(session, shop, process_id=foreign_process.id).field == "process_id"
    assert count(session, TrainingPlan) == 0


def test_creating_a_plan_writes_an_audit_event(session, shop):
    plan = training.create_plan(session, shop.scope, shop.editor.id, values(shop))
    event = session.scalar(select(AuditEvent).where(AuditEvent.entity == "plan"))
    assert (event.action, event.entity_id, event.user_id) == ("create", plan.id, shop.editor.id)
    assert event.changes["trainer"] == "Sato"


def test_moving_the_start_after_a_logged_session_is_refused(session, shop):
    plan = training.create_plan(session, shop.scope, shop.editor.id, values(shop))
    training.log_session(session, plan, None, {"held_on": START, "hours": 2}, TODAY)
    with pytest.raises(Refused) as caught:
        training.update_plan(session, plan, None, values(shop, starts_on=START + timedelta(days=1)))
    assert (caught.value.field, caught.value.code) == ("starts_on", "start_after_session")


def test_changing_the_trainer_is_audited_with_the_new_name(session, shop):
    b.gen_level(session, shop.other, shop.process, 4, date(2025, 1, 1))
    plan = training.create_plan(session, shop.scope, shop.editor.id, values(shop))
    training.update_plan(session, plan, shop.editor.id, values(shop, trainer_id=shop.other.id))
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "update")).one()
    assert event.changes["trainer_id"] == [shop.trainer.id, shop.other.id]
    assert event.changes["trainer"] == "Tanaka"


# --- sessions (service) ---------------------------------------------------------------


@pytest.fixture
def plan(session, shop):
    plan = training.create_plan(session, shop.scope, shop.editor.id, values(shop))
    session.commit()
    return plan


def log(session, plan, **changes):
    return training.log_session(
        session,
        plan,
        None,
        {"held_on": START + timedelta(days=7), "hours": 2.5, "content": "OJT"} | changes,
        TODAY,
    )


def test_the_first_session_puts_a_planned_plan_in_progress(session, plan):
    log(session, plan)
    assert plan.status == "in_progress"


def test_a_session_counts_as_practice(session, shop, plan):
    log(session, plan, held_on=date(2026, 5, 5))
    current = session.get(CurrentLevel, (shop.trainee.id, shop.process.id))
    assert current.practised_on == date(2026, 5, 5)


def test_a_session_assessing_a_level_appends_an_assessment(session, shop, plan):
    before = count(session, Assessment)
    row, reached = log(session, plan, level_assessed=3, assessor="Boss")
    assessment = session.get(Assessment, row.assessment_id)
    assert count(session, Assessment) == before + 1
    assert (assessment.level, assessment.assessed_on, assessment.assessor) == (3, row.held_on, "Boss")
    assert queries.current_level(session, shop.trainee.id, shop.process.id) == 3
    assert reached is True


def test_a_session_below_the_target_does_not_offer_to_close(session, plan):
    _row, reached = log(session, plan, level_assessed=2)
    assert reached is False


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"held_on": START - timedelta(days=1)}, "held_on"),
        ({"held_on": TODAY + timedelta(days=1)}, "held_on"),
        ({"hours": 0}, "hours"),
        ({"hours": -1}, "hours"),
        ({"hours": 24.5}, "hours"),
        ({"level_assessed": 5}, "level_assessed"),
    ],
)
def test_a_bad_session_is_refused_and_writes_nothing(session, plan, changes, field):
    sessions, assessments, events = (count(session, m) for m in (TrainingSession, Assessment, AuditEvent))
    with pytest.raises(Refused) as caught:
        log(session, plan, **changes)
    assert caught.value.field == field
    session.rollback()
    assert (count(session, TrainingSession), count(session, Assessment), count(session, AuditEvent)) == (
        sessions,
        assessments,
        events,
    )


def test_twenty_four_hours_is_the_most_a_session_may_last(session, plan):
    row, _reached = log(session, plan, hours=24)
    assert row.hours == 24


def test_no_session_is_logged_on_a_closed_plan(session, plan):
    training.cancel_plan(session, plan, None)
    with pytest.raises(Refused) as caught:
        log(session, plan)
    assert caught.value.code == "plan_closed"


def test_a_plan_closes_as_done_only_once_the_target_is_reached(session, plan):
    with pytest.raises(Refused):
        training.close_plan(session, plan, None)
    log(session, plan, level_assessed=3)
    training.close_plan(session, plan, None)
    assert plan.status == "done"


def test_only_a_planned_plan_can_be_started(session, plan):
    training.start_plan(session, plan, None)
    assert plan.status == "in_progress"
    with pytest.raises(Refused):
        training.start_plan(session, plan, None)


def test_status_changes_are_audited(session, shop, plan):
    training.start_plan(session, plan, shop.editor.id)
    training.cancel_plan(session, plan, shop.editor.id)
    changes = session.scalars(
        select(AuditEvent.changes).where(AuditEvent.entity == "plan", AuditEvent.action == "update")
    ).all()
    assert changes == [{"status": ["planned", "in_progress"]}, {"status": ["in_progress", "cancelled"]}]


# --- trainer load -------------------------------------------------------------------------


def test_trainer_load_counts_open_plans_and_flags_the_overloaded(session, shop):
    others = [b.gen_engineer(session, shop.org) for _ in range(3)]
    for trainee in [shop.trainee, *others]:
        b.gen_plan(session, trainee, shop.trainer, shop.process, from_level=0, status="in_progress")
    b.gen_plan(session, shop.other, shop.trainer, shop.process, from_level=0, status="done")
    loads = {load.engineer.id: load for load in queries.trainer_load(session, shop.scope, TODAY, 3)}
    assert (loads[shop.trainer.id].open_plans, loads[shop.trainer.id].over) == (4, True)
    assert loads[shop.trainer.id].processes == ("W-01",)


def test_trainer_load_lists_idle_level_four_engineers_but_not_expired_ones(session, shop):
    b.gen_level(session, shop.other, shop.process, 4, date(2025, 1, 1), expires_on=TODAY)
    loads = queries.trainer_load(session, shop.scope, TODAY, 3)
    assert [(load.engineer.id, load.open_plans, load.over) for load in loads] == [(shop.trainer.id, 0, False)]


def test_trainer_load_leaves_out_a_level_four_that_lapsed_for_lack_of_practice(session, shop):
    lapsing = b.gen_process(session, shop.org, code="W-02", lapse_months=6)
    b.gen_level(session, shop.other, lapsing, 4, TODAY - timedelta(days=400))
    session.commit()
    loads = queries.trainer_load(session, shop.scope, TODAY, 3)
    assert [(load.engineer.id, load.processes) for load in loads] == [(shop.trainer.id, ("W-01",))]


# --- pages ------------------------------------------------------------------------------------


def form_data(shop, **changes) -> dict:
    return {
        "trainee_id": shop.trainee.id,
        "trainer_id": shop.trainer.id,
        "process_id": shop.process.id,
        "target_level": 3,
        "starts_on": START.isoformat(),
        "due_on": (START + timedelta(days=180)).isoformat(),
    } | changes


def test_an_editor_creates_a_plan_through_the_form(client, auth, session, shop):
    auth.login(shop.editor)
    response = client.post("/training/new", data=form_data(shop, notes="agreed at the meeting"))
    plan = session.scalars(select(TrainingPlan)).one()
    assert response.headers["Location"].endswith(f"/training/{plan.id}")
    assert (plan.from_level, plan.notes) == (2, "agreed at the meeting")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"trainer_id": "{other}"}, "is not at level O on W-01 on 2026-03-01"),
        ({"trainee_id": "{trainer}"}, "The trainee cannot be their own trainer."),
        ({"due_on": "2026-02-28"}, "The due date cannot be before the start date."),
        ({"target_level": 2}, "The target must be above the trainee&#39;s current level (L)."),
        ({"trainer_id": "{stranger}"}, "Choose one of your own engineers from the list."),
        ({"trainee_id": "{stranger}"}, "Choose one of your own engineers from the list."),
        ({"process_id": "{foreign_process}"}, "Choose one of your own processes from the list."),
        ({"trainer_id": ""}, "Choose a trainer."),
    ],
)
def test_bad_plan_input_is_refused_with_a_clear_message(client, auth, session, shop, changes, message):
    other = b.gen_supplier(session)
    ids = {
        "other": shop.other.id,
        "trainer": shop.trainer.id,
        "stranger": b.gen_engineer(session, other).id,
        "foreign_process": b.gen_process(session, other).id,
    }
    session.commit()
    changes = {k: v.format(**ids) if isinstance(v, str) else v for k, v in changes.items()}
    auth.login(shop.editor)
    events = count(session, AuditEvent)
    response = client.post("/training/new", data=form_data(shop, **changes))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(session, TrainingPlan) == 0
    assert count(session, AuditEvent) == events


def test_the_new_plan_form_prefills_the_process_from_the_link(client, auth, shop):
    auth.login(shop.editor)
    page = client.get(f"/training/new?process_id={shop.process.id}").get_data(as_text=True)
    assert f'<option selected value="{shop.process.id}">' in page


def test_the_plan_form_offers_only_own_engineers(client, auth, session, shop):
    stranger = b.gen_engineer(session, b.gen_supplier(session), name="Stranger")
    session.commit()
    auth.login(shop.editor)
    page = client.get("/training/new").get_data(as_text=True)
    assert "Sato · O: W-01" in page
    assert stranger.name not in page


def test_logging_a_session_that_reaches_the_target_offers_to_close(client, auth, session, shop, plan):
    auth.login(shop.editor)
    response = client.post(
        f"/training/{plan.id}/sessions",
        data={
            "held_on": "2026-04-01",
            "hours": "3",
            "content": "final check",
            "level_assessed": "3",
            "assessor": "Manager",
        },
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert 'id="close-offer"' in page
    assert "Close the plan as done" in page
    session.refresh(plan)
    assert plan.status == "in_progress"  # offered, not closed silently


def test_the_plan_page_shows_sessions_total_hours_and_progress(client, auth, session, shop, plan):
    log(session, plan, hours=1.5)
    log(session, plan, hours=2)
    session.commit()
    auth.login(shop.viewer)
    page = client.get(f"/training/{plan.id}").get_data(as_text=True)
    assert '<dd class="figure" id="total-hours">3.5</dd>' in page
    assert 'id="now-level" data-level="2"' in page
    assert 'id="session-form"' not in page  # viewers read only


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"held_on": "2026-02-01", "hours": "2"},
            "The session cannot be dated before the plan starts (2026-03-01).",
        ),
        ({"held_on": "2026-04-01", "hours": "0"}, "Hours must be more than 0 and at most 24."),
        ({"held_on": "2026-04-01", "hours": "25"}, "Hours must be more than 0 and at most 24."),
        ({"held_on": "2026-04-01", "hours": ""}, "Enter the hours."),
        ({"held_on": "2026-04-01", "hours": "2", "level_assessed": "9"}, "The level must be 0, I, L, U or O"),
    ],
)
def test_bad_session_input_is_refused_with_a_clear_message(client, auth, session, shop, plan, data, message):
    auth.login(shop.editor)
    events = count(session, AuditEvent)
    response = client.post(f"/training/{plan.id}/sessions", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert (count(session, TrainingSession), count(session, AuditEvent)) == (0, events)


def test_closing_a_plan_before_the_target_is_refused_with_a_message(client, auth, session, shop, plan):
    auth.login(shop.editor)
    page = client.post(f"/training/{plan.id}/done", follow_redirects=True).get_data(as_text=True)
    assert "has not been assessed at the target level (U) yet" in page
    session.refresh(plan)
    assert plan.status == "planned"


def test_the_list_marks_overdue_plans_and_filters_by_trainer(client, auth, session, shop):
    late = b.gen_plan(
        session,
        shop.trainee,
        shop.trainer,
        shop.process,
        from_level=2,
        starts_on=TODAY - timedelta(days=90),
        due_on=TODAY - timedelta(days=1),
    )
    b.gen_level(session, shop.other, shop.process, 4, date(2025, 1, 1))
    newcomer = b.gen_engineer(session, shop.org, name="Newcomer")
    b.gen_plan(session, newcomer, shop.other, shop.process, starts_on=TODAY, due_on=TODAY + timedelta(days=9))
    session.commit()
    auth.login(shop.viewer)
    page = client.get("/training/").get_data(as_text=True)
    assert page.count('class="badge overdue"') == 1
    assert f'href="/training/{late.id}"' in page
    mine = client.get(f"/training/?trainer={shop.other.id}").get_data(as_text=True)
    assert "Newcomer" in mine and f'href="/training/{late.id}"' not in mine


def test_the_trainer_load_page_warns_above_the_configured_limit(client, auth, session, shop, app):
    app.config["TRAINER_LOAD_LIMIT"] = 1
    for _ in range(2):
        b.gen_plan(session, b.gen_engineer(session, shop.org), shop.trainer, shop.process, from_level=0)
    session.commit()
    auth.login(shop.viewer)
    assert "over the limit of 1" in client.get("/training/trainers").get_data(as_text=True)
    assert "1 trainer carries more open plans than the limit." in client.get("/training/").get_data(
        as_text=True
    )


# --- what-if ------------------------------------------------------------------------------------


def test_what_if_lists_processes_whose_band_gets_worse(client, auth, session, shop):
    b.gen_level(session, shop.other, shop.process, 3, date(2025, 1, 1))  # Q 2 -> band high at R 3
    spare = b.gen_process(session, shop.org, code="X-02", criticality="B")
    b.gen_level(session, shop.trainee, spare, 3, date(2025, 1, 1))
    session.commit()
    auth.login(shop.viewer)
    page = client.get(f"/training/what-if?engineers={shop.trainer.id}").get_data(as_text=True)
    assert f'data-process="{shop.process.id}"' in page
    assert f'data-process="{spare.id}"' not in page
    assert "If Sato leaves" in page


def test_what_if_picks_people_from_a_list_with_site_levels_and_retirement(client, auth, session, shop):
    shop.trainer.site, shop.trainer.retires_on = "本社工場", date(2031, 3, 31)
    session.commit()
    auth.login(shop.viewer)
    page = client.get("/training/what-if").get_data(as_text=True)
    row = page[page.index(f'id="leaving-{shop.trainer.id}"') :].split("</tr>")[0]
    assert "Sato" in row and "本社工場" in row and "2031-03-31" in row
    assert '<td class="num">1</td>' in row  # holds one process at U or O


def test_what_if_at_a_chosen_date_counts_retirements_before_it(client, auth, session, shop):
    helper = b.gen_engineer(session, shop.org, name="Helper", retires_on=date(2027, 6, 30))
    b.gen_level(session, helper, shop.process, 3, date(2025, 1, 1))
    session.commit()
    auth.login(shop.viewer)
    today = client.get(f"/training/what-if?engineers={shop.trainer.id}").get_data(as_text=True)
    later = client.get(f"/training/what-if?engineers={shop.trainer.id}&on=2028-01-01").get_data(as_text=True)
    assert f'data-process="{shop.process.id}"' in today  # Sato and Helper today: losing Sato hurts
    assert f'data-process="{shop.process.id}"' not in later  # Helper retired by then: critical already
    assert "If Sato leaves · 2028-01-01" in later
    assert f'id="leaving-{helper.id}"' not in later.split("<h2>")[0]  # retired: not in the list then


def test_what_if_refuses_a_date_in_the_past_or_too_far_ahead(client, auth, session, shop):
    auth.login(shop.viewer)
    for day in ("2020-01-01", "9999-12-31"):
        response = client.get(f"/training/what-if?engineers={shop.trainer.id}&on={day}")
        assert response.status_code == 422
        assert "Choose a date from today to 30 years ahead." in response.get_data(as_text=True)


def test_what_if_refuses_another_suppliers_engineer(client, auth, session, shop):
    stranger = b.gen_engineer(session, b.gen_supplier(session))
    session.commit()
    auth.login(shop.viewer)
    response = client.get(f"/training/what-if?engineers={stranger.id}")
    assert response.status_code == 422
    assert "Choose one of your own engineers from the list." in response.get_data(as_text=True)


# --- editing and status actions (pages) ------------------------------------------------------------


def test_an_editor_moves_the_due_date_and_it_is_audited(client, auth, session, shop, plan):
    auth.login(shop.editor)
    data = form_data(shop, due_on="2026-12-24", notes="extended")
    response = client.post(f"/training/{plan.id}/edit", data=data)
    assert response.status_code == 302
    session.refresh(plan)
    assert (plan.due_on, plan.notes) == (date(2026, 12, 24), "extended")
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "update")).one()
    assert event.changes["due_on"] == [(START + timedelta(days=180)).isoformat(), "2026-12-24"]


def test_editing_to_a_trainer_without_level_four_is_refused(client, auth, session, shop, plan):
    auth.login(shop.editor)
    response = client.post(f"/training/{plan.id}/edit", data=form_data(shop, trainer_id=shop.other.id))
    assert response.status_code == 422
    assert "Tanaka is not at level O on W-01" in response.get_data(as_text=True)
    session.refresh(plan)
    assert plan.trainer_id == shop.trainer.id


def test_a_closed_plan_cannot_be_edited(client, auth, session, shop, plan):
    training.cancel_plan(session, plan, None)
    session.commit()
    auth.login(shop.editor)
    page = client.get(f"/training/{plan.id}/edit", follow_redirects=True).get_data(as_text=True)
    assert "This plan is closed; nothing was changed." in page


def test_start_and_cancel_are_explicit_actions(client, auth, session, shop, plan):
    auth.login(shop.editor)
    page = client.get(f"/training/{plan.id}").get_data(as_text=True)
    assert 'data-confirm="Cancel this plan?' in page
    client.post(f"/training/{plan.id}/start")
    session.refresh(plan)
    assert plan.status == "in_progress"
    client.post(f"/training/{plan.id}/cancel")
    session.refresh(plan)
    assert plan.status == "cancelled"
    page = client.get(f"/training/{plan.id}").get_data(as_text=True)
    assert 'id="session-form"' not in page


def test_a_plan_that_overloads_the_trainer_is_saved_with_a_warning(client, auth, session, shop, app):
    app.config["TRAINER_LOAD_LIMIT"] = 1
    b.gen_plan(session, shop.other, shop.trainer, shop.process, from_level=0)
    session.commit()
    auth.login(shop.editor)
    page = client.post("/training/new", data=form_data(shop), follow_redirects=True).get_data(as_text=True)
    assert "Sato now carries 2 open plans, above the limit of 1." in page
    assert count(session, TrainingPlan) == 2
