"""Share links: a signed, expiring, revocable read-only link to one meeting's view, within the
disclosure in force when it is opened, reaching nothing else and writing nothing."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests import builders as b
from tests.routes.world import build_world
from tests.test_access import login, snapshot
from tracker import tenancy
from tracker.meetings import sharing
from tracker.models import AuditEvent, EngineerAlias, ShareLink
from tracker.models._types import utcnow
from tracker.refusals import Refused
from tracker.tenancy import NotFound, Scope


@pytest.fixture
def world(app, session):
    return build_world(session)


@pytest.fixture
def link(app, session, world):
    """A fresh link to the buyer's meeting with supplier A, and the path that opens it."""
    made, token = sharing.create(session, world.buyer.meeting, world.buyer.admin.id, utcnow(), app.secret_key)
    session.commit()
    return made, f"/shared/{token}"


def opened(app, path):
    """The page as an attendee without an account sees it (a client of its own, no cookie)."""
    return app.test_client().get(path)


def key_person(world) -> str:
    return world.a.trainer.name  # the only level-4 holder of A's process: its key person


def test_a_valid_link_shows_the_meeting_read_only(app, world, link):
    response = opened(app, link[1])
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert world.buyer.meeting.title in page and world.a.org.name in page
    assert key_person(world) in page  # the partnership discloses names
    assert world.a.action.text in page
    assert "<form" not in page
    assert re.findall(r'href="([^"]*)"', page) == ["/static/css/densho.css"]  # no link into the app
    assert all(src.startswith(("/static/", "/vendor/plotly-")) for src in re.findall(r'src="([^"]*)"', page))
    assert 'name="robots" content="noindex' in page
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert "Set-Cookie" not in response.headers


def test_the_token_holds_no_secret_that_is_stored(app, session, link):
    made, path = link
    token = path.rsplit("/", 1)[1]
    assert len(made.secret_hash) == 64 and made.secret_hash not in token
    assert sharing.resolve(session, token, app.secret_key, utcnow()).id == made.id


def test_a_link_expires_after_seven_days_by_default(session, world, link):
    made, _path = link
    assert made.expires_at - made.created_at == timedelta(days=7)


def test_a_revoked_link_answers_404_and_shows_nothing(app, session, world, link):
    made, path = link
    sharing.revoke(session, made, world.buyer.admin.id, utcnow())
    session.commit()
    response = opened(app, path)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert world.buyer.meeting.title not in page and world.a.org.name not in page


def test_an_expired_link_answers_404(app, session, world, link):
    made, path = link
    made.expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    response = opened(app, path)
    assert response.status_code == 404
    assert world.a.org.name not in response.get_data(as_text=True)


def test_a_tampered_or_foreign_token_answers_404(app, session, world, link):
    made, path = link
    token = path.rsplit("/", 1)[1]
    # The signature's first character: every one of its bits counts (the last may be padding).
    payload, _dot, signature = token.rpartition(".")
    flipped = f"{payload}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
    assert opened(app, f"/shared/{flipped}").status_code == 404
    # Signed with another key, or the right id with a made-up secret: nothing either.
    signer = sharing._signer("another key")
    assert opened(app, f"/shared/{signer.dumps([made.id, 'x'])}").status_code == 404
    forged = sharing._signer(app.secret_key).dumps([made.id, "guessed"])
    assert opened(app, f"/shared/{forged}").status_code == 404
    assert opened(app, f"/shared/{sharing._signer(app.secret_key).dumps('nonsense')}").status_code == 404


def test_ending_the_partnership_ends_the_link(app, session, world, link):
    world.buyer.partnership.status = "ended"
    world.buyer.partnership.ended_at = datetime.now()
    session.commit()
    assert opened(app, link[1]).status_code == 404


def test_lowering_the_disclosure_takes_effect_on_the_link(app, session, world, link):
    assert key_person(world) in opened(app, link[1]).get_data(as_text=True)
    world.buyer.partnership.disclosure = "aggregate"
    session.commit()
    page = opened(app, link[1]).get_data(as_text=True)
    assert key_person(world) not in page
    assert "1 key person" in page  # counts only


def test_opening_the_link_writes_nothing_not_even_an_alias(app, session, world, link):
    world.buyer.partnership.disclosure = "pseudonymous"
    session.commit()
    before = snapshot(session)
    page = opened(app, link[1]).get_data(as_text=True)
    assert snapshot(session) == before
    assert session.scalar(select(func.count()).select_from(EngineerAlias)) == 0
    assert key_person(world) not in page and not re.search(r"\b[A-Z]-\d{2,}\b", page)
    # Once the buyer's own view has handed out the alias, the link shows it.
    login(app_client := app.test_client(), world.buyer.viewer)
    alias = re.search(
        r"\b[A-Z]-\d{2,}\b", app_client.get(f"/meetings/{world.buyer.meeting.id}").get_data(as_text=True)
    )
    assert alias and alias.group(0) in opened(app, link[1]).get_data(as_text=True)


def test_the_link_reaches_no_other_page_and_accepts_no_write(app, world, link):
    client = app.test_client()
    assert client.get(link[1]).status_code == 200
    for path in (
        "/heatmap",
        f"/meetings/{world.buyer.meeting.id}",
        f"/meetings/{world.buyer.meeting.id}/present",
    ):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post(link[1]).status_code == 405


def test_a_logged_in_supplier_sees_no_app_link_on_the_shared_page(app, client, world, link):
    login(client, world.a.editor)
    page = client.get(link[1]).get_data(as_text=True)
    assert world.a.action.text in page
    assert "/meetings/actions/" not in page and "<form" not in page


def test_the_buyer_admin_creates_lists_and_revokes_links(app, client, session, world):
    meeting = world.buyer.meeting
    login(client, world.buyer.admin)
    response = client.post(f"/meetings/{meeting.id}/links", data={"days": "3"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    url = re.search(r"http://localhost(/shared/[\w.\-]+)", page).group(1)
    assert opened(app, url).status_code == 200
    made = session.scalars(select(ShareLink).order_by(ShareLink.id.desc())).first()
    assert made.expires_at - made.created_at == timedelta(days=3)
    assert made.expires_at.strftime("%Y-%m-%d %H:%M") in page
    again = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert url not in again  # shown once only
    assert f"/meetings/links/{made.id}/revoke" in again and "data-confirm" in again
    assert client.post(f"/meetings/links/{made.id}/revoke").status_code == 302
    assert opened(app, url).status_code == 404
    assert f"/meetings/links/{made.id}/revoke" not in client.get(f"/meetings/{meeting.id}").get_data(
        as_text=True
    )
    trails = session.execute(
        select(AuditEvent.organization_id, AuditEvent.action).where(
            AuditEvent.entity == "share_link", AuditEvent.entity_id == made.id
        )
    ).all()
    assert sorted(trails) == sorted(
        (org, action) for org in (world.buyer.org.id, world.a.org.id) for action in ("create", "revoke")
    )


@pytest.mark.parametrize("days", ["0", "31", "x"])
def test_a_validity_outside_one_to_thirty_days_is_refused(client, session, world, days):
    login(client, world.buyer.admin)
    before = session.scalar(select(func.count()).select_from(ShareLink))
    client.post(f"/meetings/{world.buyer.meeting.id}/links", data={"days": days})
    assert session.scalar(select(func.count()).select_from(ShareLink)) == before


def test_the_service_refuses_bad_days_and_a_meeting_without_partner(app, session, world):
    meeting = world.buyer.meeting
    for days in (0, 31, True):
        with pytest.raises(Refused):
            sharing.create(session, meeting, None, utcnow(), app.secret_key, days)
    world.buyer.partnership.status = "ended"
    session.commit()
    with pytest.raises(Refused):
        sharing.create(session, meeting, None, utcnow(), app.secret_key)


def test_a_link_is_reached_only_through_its_buyers_meetings(session, world):
    buyer = Scope(world.buyer.org.id, "buyer")
    assert sharing.own_link(session, buyer, world.a.share_link.id) is world.a.share_link
    other = Scope(b.gen_buyer(session).id, "buyer")
    for scope, link_id in ((buyer, world.b.share_link.id), (other, world.a.share_link.id), (buyer, "1")):
        with pytest.raises(NotFound):
            sharing.own_link(session, scope, link_id)
    assert tenancy.own_meeting(session, buyer, world.buyer.meeting.id)
