"""The audit trail page: supplier admins only, own organization only, filterable, paginated."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests import builders as b
from tracker.audit import service as audit
from tracker.engineers.service import create_engineer
from tracker.models import AuditEvent
from tracker.tenancy import Scope
from tracker.training import service as training


@pytest.fixture
def org(session):
    supplier = b.gen_supplier(session)
    admin = b.gen_user(session, supplier, "admin", name="Admin Aoki")
    editor = b.gen_user(session, supplier, "editor", name="Editor Endo")
    session.commit()
    return supplier, admin, editor


def event(session, supplier, user, entity, at, entity_id=1, action="update"):
    row = audit.record(session, supplier.id, user.id if user else None, action, entity, entity_id, {"x": 1})
    row.at = at
    session.commit()
    return row


def rows(page: str) -> int:
    return page.count('<td class="nowrap">')


def test_the_trail_shows_who_changed_what(client, auth, session, org):
    supplier, admin, editor = org
    create_engineer(session, Scope.of(supplier), editor.id, {"name": "Sato", "employee_code": "E1"})
    session.commit()
    auth.login(admin)
    page = client.get("/audit/").get_data(as_text=True)
    assert "Editor Endo" in page and "engineer #" in page and "Sato" in page


def test_plan_and_session_events_link_to_the_plan(client, auth, session, org):
    supplier, admin, editor = org
    process = b.gen_process(session, supplier)
    trainer, trainee = b.gen_engineer(session, supplier), b.gen_engineer(session, supplier)
    b.gen_level(session, trainer, process, 4, date(2025, 1, 1))
    plan = training.create_plan(
        session,
        Scope.of(supplier),
        editor.id,
        {
            "trainee_id": trainee.id,
            "trainer_id": trainer.id,
            "process_id": process.id,
            "target_level": 3,
            "starts_on": date(2026, 1, 1),
            "due_on": date(2026, 6, 1),
        },
    )
    training.log_session(
        session, plan, editor.id, {"held_on": date(2026, 1, 2), "hours": 1}, date(2026, 1, 2)
    )
    session.commit()
    auth.login(admin)
    page = client.get("/audit/?entity=session").get_data(as_text=True)
    assert rows(page) == 1
    assert f'href="/training/{plan.id}">training session #' in page


def test_the_trail_filters_by_record_user_and_dates(client, auth, session, org):
    supplier, admin, editor = org
    day = datetime(2026, 5, 10, 12)
    event(session, supplier, editor, "plan", day)
    event(session, supplier, admin, "plan", day + timedelta(days=1))
    event(session, supplier, editor, "engineer", day + timedelta(days=2))
    auth.login(admin)
    assert rows(client.get("/audit/?entity=plan").get_data(as_text=True)) == 2
    assert rows(client.get(f"/audit/?user={editor.id}").get_data(as_text=True)) == 2
    assert rows(client.get("/audit/?date_from=2026-05-11&date_to=2026-05-11").get_data(as_text=True)) == 1
    both = client.get(f"/audit/?entity=plan&user={editor.id}&date_to=2026-05-10").get_data(as_text=True)
    assert rows(both) == 1


def test_another_organizations_events_are_not_shown(client, auth, session, org):
    supplier, admin, _editor = org
    other = b.gen_supplier(session)
    stranger = b.gen_user(session, other, "admin", name="Stranger Sone")
    event(session, other, stranger, "plan", datetime(2026, 5, 10))
    auth.login(admin)
    page = client.get("/audit/").get_data(as_text=True)
    assert rows(page) == 0
    assert "Stranger Sone" not in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("user={stranger}", "Choose one of your organization"),
        ("entity=secret", "Choose a kind of record from the list."),
        ("date_from=2026-05-11&date_to=2026-05-10", "The end of the range cannot be before its start."),
    ],
)
def test_a_bad_filter_is_refused_with_a_message_and_shows_nothing(client, auth, session, org, query, message):
    supplier, admin, editor = org
    stranger = b.gen_user(session, b.gen_supplier(session))
    event(session, supplier, editor, "plan", datetime(2026, 5, 10))
    auth.login(admin)
    response = client.get("/audit/?" + query.format(stranger=stranger.id))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert rows(page) == 0


def test_the_trail_is_paginated_newest_first(client, auth, session, org, app):
    supplier, admin, editor = org
    for n in range(30):
        event(session, supplier, editor, "plan", datetime(2026, 1, 1) + timedelta(hours=n), entity_id=n + 1)
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == 30
    auth.login(admin)
    first = client.get("/audit/").get_data(as_text=True)
    assert rows(first) == app.config["PER_PAGE"]
    assert "plan #30" in first and "plan #1<" not in first
    assert rows(client.get("/audit/?page=2").get_data(as_text=True)) == 30 - app.config["PER_PAGE"]


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_only_admins_see_the_trail(client, auth, session, org, role):
    supplier, _admin, _editor = org
    user = b.gen_user(session, supplier, role)
    session.commit()
    auth.login(user)
    assert client.get("/audit/").status_code == 403


def test_partnership_events_read_in_japanese_and_can_be_filtered(client, auth, session, org):
    supplier, admin, _editor = org
    buyer = b.gen_buyer(session)
    buyer_admin = b.gen_user(session, buyer, "admin")
    session.commit()
    from tracker.partnerships import service as partnerships

    partnership = partnerships.propose(session, Scope.of(buyer), supplier.code, buyer_admin.id)
    partnerships.accept(session, partnership, "pseudonymous", admin.id)
    partnerships.set_disclosure(session, partnership, "named", admin.id)
    partnerships.end(session, partnership, admin.id)
    session.commit()
    auth.login(admin)
    client.post("/language", data={"language": "ja"})
    page = client.get("/audit/?entity=partnership").get_data(as_text=True)
    assert rows(page) == 4
    for raw in ("propose", "accept", "disclosure", "end", "partnership", "pseudonymous", "supplier"):
        assert f">{raw}<" not in page and f">{raw} #" not in page, raw
    for label in ("パートナーシップ", "提案", "承認", "開示", "仮名", "実名"):
        assert label in page, label


def details(page: str) -> str:
    return page.split('<dl class="changes">', 1)[1].split("</dl>", 1)[0]


def test_times_are_shown_in_the_organizations_zone_and_the_dates_filter_by_it(client, auth, session, org):
    supplier, admin, editor = org
    event(session, supplier, editor, "plan", datetime(2026, 5, 10, 16, 30))  # 01:30 on the 11th in Tokyo
    auth.login(admin)
    page = client.get("/audit/").get_data(as_text=True)
    assert "2026-05-11 01:30 JST" in page and "times in Asia/Tokyo" in page
    assert "16:30" not in page
    assert rows(client.get("/audit/?date_from=2026-05-11&date_to=2026-05-11").get_data(as_text=True)) == 1
    assert rows(client.get("/audit/?date_to=2026-05-10").get_data(as_text=True)) == 0
    stored = session.scalar(select(AuditEvent.at))
    assert stored == datetime(2026, 5, 10, 16, 30)  # kept in UTC


def test_flags_read_as_words_and_levels_by_their_ilou_name(client, auth, session, org):
    supplier, admin, _editor = org
    audit.record(session, supplier.id, admin.id, "update", "user", 1, {"active": [True, False]})
    audit.record(session, supplier.id, admin.id, "assess", "level", 2, {"level": 3})
    session.commit()
    auth.login(admin)
    user_event = details(client.get("/audit/?entity=user").get_data(as_text=True))
    assert "yes → no" in user_event and "True" not in user_event
    level_event = details(client.get("/audit/?entity=level").get_data(as_text=True))
    assert "U · works alone to standard" in level_event
    client.post("/language", data={"language": "ja"})
    assert "はい → いいえ" in details(client.get("/audit/?entity=user").get_data(as_text=True))


def test_a_processs_name_is_not_labelled_as_a_persons_name(client, auth, session, org):
    supplier, admin, _editor = org
    audit.record(session, supplier.id, admin.id, "create", "process", 1, {"code": "W-01", "name": "TIG"})
    audit.record(session, supplier.id, admin.id, "create", "engineer", 2, {"name": "Sato"})
    session.commit()
    auth.login(admin)
    client.post("/language", data={"language": "ja"})
    assert "<dt>工程名</dt>" in details(client.get("/audit/?entity=process").get_data(as_text=True))
    assert "<dt>氏名</dt>" in details(client.get("/audit/?entity=engineer").get_data(as_text=True))
