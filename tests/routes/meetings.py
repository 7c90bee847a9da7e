"""Routes of partner meetings: both sides of the pair, the buyer admin running them."""

from tests.routes import Route


def _meeting(w) -> dict:
    return {"meeting_id": w.buyer.meeting.id}


def _foreign_meeting(w) -> dict:
    return {"meeting_id": w.b.meeting.id}


def _link(w) -> dict:
    return {"link_id": w.a.share_link.id}


def _foreign_link(w) -> dict:
    return {"link_id": w.b.share_link.id}


def _tables(extension: str):
    return lambda w: _meeting(w) | {"extension": extension}


def _foreign_tables(extension: str):
    return lambda w: _foreign_meeting(w) | {"extension": extension}


def _action(w) -> dict:
    return {"action_id": w.a.action.id}


def _foreign_action(w) -> dict:
    return {"action_id": w.b.action.id}


MEETING = {"held_on": "2026-11-30", "title": "Quarterly review", "kind": "quarterly"}

ROUTES = [
    Route("meetings.index", kind=None),
    Route("meetings.new", kind="buyer", role="admin"),
    Route(
        "meetings.new",
        "POST",
        kind="buyer",
        role="admin",
        data=lambda w: MEETING | {"suppliers": [w.a.org.id], "agenda": "Previous actions"},
    ),
    Route("meetings.show", kind=None, args=_meeting, foreign=_foreign_meeting, shared=True),
    Route("meetings.present", kind=None, args=_meeting, foreign=_foreign_meeting, shared=True),
    Route("meetings.handout", kind=None, args=_meeting, foreign=_foreign_meeting, shared=True),
    Route("meetings.handout_css", kind=None, args=_meeting, foreign=_foreign_meeting, shared=True),
    Route("meetings.handout_pdf", kind=None, args=_meeting, foreign=_foreign_meeting, shared=True),
    Route("meetings.tables", kind=None, args=_tables("csv"), foreign=_foreign_tables("csv"), shared=True),
    Route("meetings.tables", kind=None, args=_tables("xlsx"), foreign=_foreign_tables("xlsx"), shared=True),
    Route(
        "meetings.create_link",
        "POST",
        kind="buyer",
        role="admin",
        args=_meeting,
        foreign=_foreign_meeting,
        data=lambda w: {"days": 7},
    ),
    Route("meetings.revoke_link", "POST", kind="buyer", role="admin", args=_link, foreign=_foreign_link),
    # Public: the token is the only key; a made-up one opens nothing (tests/test_sharing.py).
    Route("shared.page", public=True, args=lambda w: {"token": "not-a-token"}, expect=404),
    Route("meetings.edit", kind="buyer", role="admin", args=_meeting, foreign=_foreign_meeting),
    Route(
        "meetings.edit",
        "POST",
        kind="buyer",
        role="admin",
        args=_meeting,
        foreign=_foreign_meeting,
        data=lambda w: MEETING | {"notes": "agreed"},
    ),
    Route(
        "meetings.add_point",
        "POST",
        kind=None,
        role="editor",
        args=_meeting,
        foreign=_foreign_meeting,
        shared=True,
        data=lambda w: {"text": "Welding line 2"},
    ),
    Route(
        "meetings.comment",
        "POST",
        kind=None,
        role="editor",
        args=_meeting,
        foreign=_foreign_meeting,
        shared=True,
        data=lambda w: {"body": "We will bring the plan."},
    ),
    Route(
        "meetings.add_action",
        "POST",
        kind="buyer",
        role="admin",
        args=_meeting,
        foreign=_foreign_meeting,
        data=lambda w: {"text": "Second welder", "supplier_id": w.a.org.id, "owner_side": "supplier"},
    ),
    Route(
        "meetings.action_status",
        "POST",
        kind=None,
        role="editor",
        args=_action,
        foreign=_foreign_action,
        shared=True,
        data=lambda w: {"status": "dropped", "evidence": "not needed"},
    ),
    Route("meetings.action_plan", role="editor", args=_action, foreign=_foreign_action),
    Route(
        "meetings.action_plan",
        "POST",
        role="editor",
        args=_action,
        foreign=_foreign_action,
        data=lambda w: {
            "trainee_id": w.a.engineer.id,
            "trainer_id": w.a.trainer.id,
            "target_level": 3,
            "starts_on": "2026-11-23",
            "due_on": "2027-03-01",
        },
        expect=422,  # the trainee has an open plan on the process already: refused after the access check
    ),
    Route("meetings.close", "POST", kind="buyer", role="admin", args=_meeting, foreign=_foreign_meeting),
]
