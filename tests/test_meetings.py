"""Partner meetings: scheduling, action items, plans confirmed by the supplier, snapshots, changes."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests import builders as b
from tests.builders import TODAY
from tracker import tenancy
from tracker.meetings import service
from tracker.meetings.board import Board
from tracker.models import ActionItem, MeetingSnapshot, TrainingPlan
from tracker.refusals import Refused
from tracker.tenancy import NotFound, Scope

CANARY = "Canaryname Zebedee"


@pytest.fixture
def pair(session):
    supplier = b.gen_supplier(session, name="山田精工", code="YAMADA")
    buyer = b.gen_buyer(session, name="Towa Motors", code="TOWA")
    category = b.gen_category(session)
    welding = b.gen_process(session, supplier, category, code="W-01", name="TIG welding", required=3)
    veteran = b.gen_engineer(session, supplier, name=CANARY, retires_on=date(2027, 6, 30))
    junior = b.gen_engineer(session, supplier, name="Junior Tanaka")
    b.gen_level(session, veteran, welding, 4, date(2025, 1, 1))
    b.gen_level(session, junior, welding, 1, date(2025, 1, 1))
    partnership = b.gen_partnership(session, buyer, supplier, disclosure="aggregate")
    ns = type(
        "Pair",
        (),
        {
            "supplier": supplier,
            "buyer": buyer,
            "category": category,
            "welding": welding,
            "veteran": veteran,
            "junior": junior,
            "partnership": partnership,
            "buyer_admin": b.gen_user(session, buyer, "admin"),
            "buyer_viewer": b.gen_user(session, buyer, "viewer"),
            "supplier_editor": b.gen_user(session, supplier, "editor"),
            "buyer_scope": Scope(buyer.id, "buyer"),
            "supplier_scope": Scope(supplier.id, "supplier"),
        },
    )
    session.commit()
    return ns


def schedule(session, pair, held_on=TODAY, title="Monthly pulse", **values):
    meeting = service.schedule(
        session,
        pair.buyer_scope,
        pair.buyer_admin.id,
        {
            "suppliers": [pair.supplier.id],
            "held_on": held_on,
            "title": title,
            "kind": "pulse",
            "agenda": "Previous actions\nNext steps",
        }
        | values,
    )
    session.commit()
    return meeting


def test_a_meeting_is_seen_by_both_sides_and_no_one_else(session, pair):
    meeting = schedule(session, pair)
    assert [p.text for p in meeting.agenda] == ["Previous actions", "Next steps"]
    assert tenancy.own_meeting(session, pair.supplier_scope, meeting.id) is meeting
    other_buyer = b.gen_buyer(session)
    other_supplier = b.gen_supplier(session)
    for scope in (Scope(other_buyer.id, "buyer"), Scope(other_supplier.id, "supplier")):
        with pytest.raises(NotFound):
            tenancy.own_meeting(session, scope, meeting.id)


def test_only_partners_can_be_invited(session, pair):
    stranger = b.gen_supplier(session)
    with pytest.raises(Refused) as refused:
        schedule(session, pair, suppliers=[stranger.id])
    assert refused.value.code == "not_partner"
    with pytest.raises(Refused):
        schedule(session, pair, suppliers=[])


def test_an_action_becomes_a_plan_only_when_the_supplier_confirms_it_validated(session, pair):
    meeting = schedule(session, pair)
    action = service.record_action(
        session,
        meeting,
        pair.buyer_admin.id,
        {
            "text": "Train a second welder",
            "process_id": pair.welding.id,
            "owner_side": "supplier",
            "due_on": date(2027, 5, 1),
            "plan_requested": True,
        },
    )
    values = {
        "trainee_id": pair.junior.id,
        "trainer_id": pair.junior.id,
        "target_level": 3,
        "starts_on": TODAY,
        "due_on": date(2027, 5, 1),
        "notes": "",
    }
    with pytest.raises(Refused) as refused:  # validated like any plan
        service.make_plan(session, pair.supplier_scope, None, action, values)
    assert refused.value.code == "trainee_is_trainer"
    with pytest.raises(Refused):  # the buyer cannot confirm it
        service.make_plan(session, pair.buyer_scope, None, action, values | {"trainer_id": pair.veteran.id})
    plan = service.make_plan(
        session, pair.supplier_scope, None, action, values | {"trainer_id": pair.veteran.id}
    )
    session.commit()
    assert action.training_plan_id == plan.id
    assert plan.process_id == pair.welding.id
    with pytest.raises(Refused):
        service.make_plan(
            session, pair.supplier_scope, None, action, values | {"trainer_id": pair.veteran.id}
        )


def test_an_action_on_another_suppliers_process_is_refused(session, pair):
    meeting = schedule(session, pair)
    other = b.gen_process(session, b.gen_supplier(session))
    with pytest.raises(Refused) as refused:
        service.record_action(
            session, meeting, None, {"text": "x", "process_id": other.id, "owner_side": "buyer"}
        )
    assert refused.value.code == "action_process"


def test_the_snapshot_equals_the_as_of_view_and_later_edits_never_rewrite_it(session, pair):
    meeting = schedule(session, pair, held_on=TODAY - timedelta(days=10))
    service.close(session, meeting, None, TODAY)
    session.commit()
    frozen = service.snapshot(session, meeting)
    as_of = service.live_board(session, meeting, meeting.supplier_ids, meeting.held_on, 3.0, TODAY)
    assert frozen == as_of
    assert frozen.to_json()["cells"] and frozen.key_person_counts() == {pair.supplier.id: 1}
    stored = session.scalar(select(MeetingSnapshot.board).where(MeetingSnapshot.meeting_id == meeting.id))
    b.gen_level(session, pair.junior, pair.welding, 4, TODAY)
    session.commit()
    assert (
        session.scalar(select(MeetingSnapshot.board).where(MeetingSnapshot.meeting_id == meeting.id))
        == stored
    )
    assert service.board_for(session, meeting, pair.buyer_scope, TODAY, TODAY) == frozen
    with pytest.raises(Refused):
        service.close(session, meeting, None, TODAY)


def test_a_meeting_ahead_cannot_be_closed(session, pair):
    meeting = schedule(session, pair, held_on=TODAY + timedelta(days=3))
    with pytest.raises(Refused) as refused:
        service.close(session, meeting, None, TODAY)
    assert refused.value.code == "meeting_ahead"


def test_the_next_meeting_lists_what_changed_and_the_delivered_plan(session, pair):
    first = schedule(session, pair, held_on=TODAY - timedelta(days=30), title="October")
    service.close(session, first, None, TODAY)
    session.commit()
    before = service.snapshot(session, first)
    assert before.line(pair.welding.id).band == "critical"
    plan = b.gen_plan(
        session,
        pair.junior,
        pair.veteran,
        pair.welding,
        from_level=1,
        target_level=3,
        starts_on=TODAY - timedelta(days=20),
        due_on=TODAY - timedelta(days=5),
        status="done",
        closed_at=datetime.combine(TODAY - timedelta(days=5), datetime.min.time()),
    )
    b.gen_level(session, pair.junior, pair.welding, 3, TODAY - timedelta(days=6))
    session.commit()
    second = schedule(session, pair, held_on=TODAY, title="November")
    assert service.previous_meeting(session, second) == first
    now = service.board_for(session, second, pair.buyer_scope, TODAY, TODAY)
    changes = service.changes_since(session, first, before, now, TODAY)
    assert [(c.line.code, c.before, c.line.band) for c in changes.improved] == [("W-01", "critical", "high")]
    assert changes.worsened == [] and changes.delivered == [plan]
    assert [(line.code, ids) for line, ids in changes.new_key_persons] == [("W-01", (pair.junior.id,))]


def test_follow_through_counts_on_time_late_and_open(session, pair):
    meeting = schedule(session, pair, held_on=TODAY - timedelta(days=40))
    items = [
        service.record_action(session, meeting, None, {"text": t, "owner_side": "supplier", "due_on": due})
        for t, due in [
            ("a", TODAY - timedelta(days=10)),
            ("b", TODAY - timedelta(days=10)),
            ("c", TODAY + timedelta(days=10)),
            ("d", TODAY - timedelta(days=1)),
            ("e", None),
        ]
    ]
    service.set_action_status(
        session,
        items[0],
        None,
        {"status": "done", "evidence": "report", "closed_on": TODAY - timedelta(days=12)},
        TODAY,
    )
    service.set_action_status(session, items[1], None, {"status": "done", "evidence": "report"}, TODAY)
    service.set_action_status(session, items[4], None, {"status": "dropped", "evidence": ""}, TODAY)
    session.commit()
    [row] = service.follow_through(session, pair.buyer_scope, TODAY)
    assert (row.on_time, row.late, row.open) == (1, 2, 1)  # d is overdue: late
    with pytest.raises(Refused) as refused:
        service.set_action_status(session, items[2], None, {"status": "done", "evidence": ""}, TODAY)
    assert refused.value.code == "evidence_required"


def test_board_json_round_trips(session, pair):
    meeting = schedule(session, pair)
    board = service.live_board(session, meeting, meeting.supplier_ids, TODAY, 3.0, TODAY)
    assert Board.from_json(board.to_json()) == board
    [line] = board.critical()
    assert line.retiring == ("2027-06-30",) and line.qualified == 1


# --- pages -------------------------------------------------------------------------------------


def test_meeting_pages_for_both_sides_with_no_person_under_aggregate(session, pair, client, auth):
    meeting = schedule(session, pair)
    auth.login(pair.buyer_admin)
    for path in (f"/meetings/{meeting.id}", f"/meetings/{meeting.id}/present", "/meetings/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert CANARY not in response.get_data(as_text=True)
    assert "retiring 2027-06" in client.get(f"/meetings/{meeting.id}/present").get_data(as_text=True)
    auth.logout()
    auth.login(pair.supplier_editor)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert CANARY in page  # the supplier sees its own people by name


def test_meeting_mode_refuses_a_future_date_with_a_message(session, pair, client, auth):
    meeting = schedule(session, pair, held_on=TODAY - timedelta(days=3))
    auth.login(pair.buyer_viewer)
    page = client.get(f"/meetings/{meeting.id}/present?on=2099-01-01", follow_redirects=True)
    assert page.status_code == 200
    assert "past date" in page.get_data(as_text=True)


def test_scheduling_from_the_form_starts_from_the_standard_agenda(session, pair, client, auth):
    auth.login(pair.buyer_admin)
    form = client.get("/meetings/new").get_data(as_text=True)
    assert "Risks and continuity" in form
    response = client.post(
        "/meetings/new",
        data={
            "suppliers": [pair.supplier.id],
            "held_on": TODAY.isoformat(),
            "title": "Pulse",
            "kind": "quarterly",
            "agenda": "One\nTwo",
        },
    )
    assert response.status_code == 302
    empty = client.post("/meetings/new", data={"suppliers": [], "held_on": "", "title": ""})
    assert empty.status_code == 422
    action = client.post(
        f"/meetings/{session.scalar(select(ActionItem.meeting_id)) or 1}/actions", data={"text": ""}
    )
    assert action.status_code in (302, 404)


def test_the_supplier_confirms_an_action_as_a_plan_from_its_page(session, pair, client, auth):
    meeting = schedule(session, pair)
    action = service.record_action(
        session,
        meeting,
        None,
        {
            "text": "Second welder",
            "process_id": pair.welding.id,
            "owner_side": "supplier",
            "plan_requested": True,
        },
    )
    session.commit()
    auth.login(pair.supplier_editor)
    assert client.get(f"/meetings/actions/{action.id}/plan").status_code == 200
    response = client.post(
        f"/meetings/actions/{action.id}/plan",
        data={
            "trainee_id": pair.junior.id,
            "trainer_id": pair.veteran.id,
            "target_level": 3,
            "starts_on": TODAY.isoformat(),
            "due_on": (TODAY + timedelta(days=90)).isoformat(),
        },
    )
    assert response.status_code == 302
    session.expire_all()
    plan = session.scalar(select(TrainingPlan).where(TrainingPlan.process_id == pair.welding.id))
    assert session.get(ActionItem, action.id).training_plan_id == plan.id


def test_the_next_meetings_page_shows_the_changes_and_earlier_actions(session, pair, client, auth):
    first = schedule(session, pair, held_on=TODAY - timedelta(days=30), title="October")
    service.record_action(
        session, first, None, {"text": "Share the retirement plan", "owner_side": "supplier"}
    )
    service.close(session, first, None, TODAY)
    b.gen_level(session, pair.junior, pair.welding, 3, TODAY - timedelta(days=6))
    second = schedule(session, pair, title="November")
    auth.login(pair.buyer_admin)
    for path in (f"/meetings/{second.id}", f"/meetings/{second.id}/present"):
        page = client.get(path).get_data(as_text=True)
        assert "Since October on" in page and "Share the retirement plan" in page
        assert CANARY not in page and "Junior Tanaka" not in page  # aggregate: no person


def test_a_portfolio_review_shows_each_side_its_own_part(session, pair, client, auth):
    other = b.gen_supplier(session, name="Kyoei Plastics", code="KYOEI")
    b.gen_process(session, other, pair.category, code="M-01", name="Moulding secret line")
    b.gen_partnership(session, pair.buyer, other)
    other_editor = b.gen_user(session, other, "editor")
    session.commit()
    meeting = schedule(session, pair, suppliers=[pair.supplier.id, other.id], title="Q4 portfolio review")
    service.record_action(
        session,
        meeting,
        None,
        {"text": "Yamada only", "supplier_id": pair.supplier.id, "owner_side": "supplier"},
    )
    service.add_agenda_point(session, pair.supplier_scope, meeting, "Yamada's own point")
    session.commit()
    auth.login(pair.buyer_admin)
    for path in (f"/meetings/{meeting.id}", f"/meetings/{meeting.id}/present"):
        page = client.get(path).get_data(as_text=True)
        assert "Moulding secret line" in page and "W-01" in page and "Yamada only" in page
    auth.logout()
    auth.login(other_editor)
    for path in (f"/meetings/{meeting.id}", f"/meetings/{meeting.id}/present"):
        response = client.get(path)
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "M-01" in page
        assert "TIG welding" not in page and "Yamada only" not in page and "Yamada's own point" not in page


def test_the_meeting_figures_are_valid_plotly(app, session, pair):
    import plotly.graph_objects as go

    from tracker.meetings.figures import trend_figure
    from tracker.meetings.page import map_figure

    first = schedule(session, pair, held_on=TODAY - timedelta(days=30))
    service.close(session, first, None, TODAY)
    session.commit()
    with app.test_request_context():
        for figure in (
            trend_figure(service.trend(session, pair.buyer_scope, pair.supplier.id)),
            map_figure(service.snapshot(session, first), "/heatmap/{supplier}/{category}"),
        ):
            go.Figure(figure["data"], figure["layout"])  # raises on anything plotly does not know


def test_the_buyers_portfolio_shows_each_suppliers_follow_through(session, pair, client, auth):
    meeting = schedule(session, pair, held_on=TODAY - timedelta(days=40))
    late = service.record_action(
        session, meeting, None, {"text": "a", "owner_side": "supplier", "due_on": TODAY - timedelta(days=1)}
    )
    service.record_action(session, meeting, None, {"text": "b", "owner_side": "buyer"})
    session.commit()
    assert service.state(late, TODAY) == "overdue"
    auth.login(pair.buyer_viewer)
    assert "/meetings/#follow-through" in client.get("/heatmap").get_data(as_text=True)
    page = client.get("/meetings/").get_data(as_text=True)
    row = page[page.index('id="follow-through"') :]
    assert [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row)[:3]] == [0, 1, 1]


def test_comment_times_are_shown_in_the_organizations_zone(session, pair, client, auth):
    meeting = schedule(session, pair)
    row = service.comment(session, pair.supplier_scope, pair.supplier_editor, meeting, "See you there")
    row.created_at = datetime(2026, 11, 22, 23, 5)  # stored in UTC
    session.commit()
    auth.login(pair.buyer_admin)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "2026-11-23 08:05 JST" in page and "23:05" not in page
