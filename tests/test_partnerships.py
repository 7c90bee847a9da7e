"""Partnerships: a buyer admin proposes by supplier code, the supplier admin decides and sets disclosure."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tests import builders as b
from tracker.models import AuditEvent, Partnership
from tracker.partnerships import service
from tracker.refusals import Refused
from tracker.tenancy import Scope


@pytest.fixture
def orgs(session):
    supplier = b.gen_supplier(session, name="山田精工", code="YAMADA")
    buyer = b.gen_buyer(session, name="Towa Motors", code="TOWA")
    ns = {
        "supplier": supplier,
        "buyer": buyer,
        "buyer_admin": b.gen_user(session, buyer, "admin"),
        "buyer_viewer": b.gen_user(session, buyer, "viewer"),
        "supplier_admin": b.gen_user(session, supplier, "admin"),
        "supplier_viewer": b.gen_user(session, supplier, "viewer"),
    }
    category = b.gen_category(session)
    process = b.gen_process(session, supplier, category, code="W-01")
    b.gen_level(session, b.gen_engineer(session, supplier), process, 4, date(2025, 1, 1))
    session.commit()
    ns["category"] = category
    return type("Orgs", (), ns)


def partnerships(session, orgs):
    session.expire_all()
    return session.scalars(select(Partnership).where(Partnership.buyer_id == orgs.buyer.id)).all()


def test_a_buyer_admin_proposes_by_supplier_code_in_any_case(client, auth, session, orgs):
    auth.login(orgs.buyer_admin)
    response = client.post("/partnerships/", data={"supplier_code": " yamada "})
    assert response.status_code == 302
    [partnership] = partnerships(session, orgs)
    assert (partnership.supplier_id, partnership.status, partnership.disclosure) == (
        orgs.supplier.id,
        "proposed",
        "aggregate",
    )
    trails = session.scalars(select(AuditEvent.organization_id).where(AuditEvent.entity == "partnership"))
    assert sorted(trails) == sorted([orgs.buyer.id, orgs.supplier.id])


@pytest.mark.parametrize("code", ["NOSUCH", "TOWA", ""])
def test_an_unknown_code_or_a_buyer_code_is_a_field_error_and_writes_nothing(
    client, auth, session, orgs, code
):
    auth.login(orgs.buyer_admin)
    response = client.post("/partnerships/", data={"supplier_code": code})
    assert response.status_code == 422
    assert b'class="error"' in response.data
    assert partnerships(session, orgs) == []


def test_a_second_proposal_while_one_is_open_is_refused(client, auth, session, orgs):
    b.gen_partnership(session, orgs.buyer, orgs.supplier, status="proposed")
    session.commit()
    auth.login(orgs.buyer_admin)
    response = client.post("/partnerships/", data={"supplier_code": "YAMADA"})
    assert response.status_code == 422
    assert "in force already" in response.get_data(as_text=True)
    assert len(partnerships(session, orgs)) == 1


def test_an_inactive_supplier_cannot_be_proposed_to(session, orgs):
    orgs.supplier.active = False
    session.flush()
    with pytest.raises(Refused) as error:
        service.propose(session, Scope.of(orgs.buyer), "YAMADA", None)
    assert error.value.code == "unknown_supplier"


def test_the_supplier_admin_accepts_with_the_chosen_disclosure(client, auth, session, orgs):
    proposal = b.gen_partnership(session, orgs.buyer, orgs.supplier, status="proposed")
    session.commit()
    auth.login(orgs.supplier_admin)
    response = client.post(f"/partnerships/{proposal.id}/accept", data={"disclosure": "pseudonymous"})
    assert response.status_code == 302
    [partnership] = partnerships(session, orgs)
    assert (partnership.status, partnership.disclosure) == ("accepted", "pseudonymous")
    assert partnership.decided_at is not None


def test_the_supplier_admin_declines_and_the_buyer_sees_nothing(client, auth, session, orgs):
    proposal = b.gen_partnership(session, orgs.buyer, orgs.supplier, status="proposed")
    session.commit()
    auth.login(orgs.supplier_admin)
    client.post(f"/partnerships/{proposal.id}/decline")
    assert partnerships(session, orgs)[0].status == "declined"
    auth.logout()
    auth.login(orgs.buyer_viewer)
    page = client.get("/heatmap").get_data(as_text=True)
    assert "山田精工" not in page.split("<main>")[1]


def test_a_decided_proposal_cannot_be_decided_again(client, auth, session, orgs):
    partnership = b.gen_partnership(session, orgs.buyer, orgs.supplier, status="declined")
    session.commit()
    auth.login(orgs.supplier_admin)
    response = client.post(
        f"/partnerships/{partnership.id}/accept", data={"disclosure": "named"}, follow_redirects=True
    )
    assert "decided already" in response.get_data(as_text=True)
    assert partnerships(session, orgs)[0].status == "declined"


def test_an_unknown_disclosure_is_refused(client, auth, session, orgs):
    proposal = b.gen_partnership(session, orgs.buyer, orgs.supplier, status="proposed")
    session.commit()
    auth.login(orgs.supplier_admin)
    client.post(f"/partnerships/{proposal.id}/accept", data={"disclosure": "everything"})
    assert partnerships(session, orgs)[0].status == "proposed"


def test_the_supplier_admin_changes_the_disclosure(client, auth, session, orgs):
    partnership = b.gen_partnership(session, orgs.buyer, orgs.supplier, disclosure="named")
    session.commit()
    auth.login(orgs.supplier_admin)
    client.post(f"/partnerships/{partnership.id}/disclosure", data={"disclosure": "aggregate"})
    assert partnerships(session, orgs)[0].disclosure == "aggregate"
    changes = session.scalars(select(AuditEvent.changes).where(AuditEvent.action == "disclosure")).all()
    assert changes and changes[0] == {"disclosure": ["named", "aggregate"]}


@pytest.mark.parametrize("side", ["supplier", "buyer"])
def test_either_side_ends_and_the_buyer_loses_access_at_its_next_request(
    client, app, auth, session, orgs, side
):
    partnership = b.gen_partnership(session, orgs.buyer, orgs.supplier, disclosure="named")
    session.commit()
    drilldown = f"/heatmap/{orgs.supplier.id}/{orgs.category.id}"
    buyer_client = app.test_client()
    buyer_client.post("/login", data={"email": orgs.buyer_viewer.email, "password": b.PASSWORD})
    assert buyer_client.get(drilldown).status_code == 200
    assert "山田精工" in buyer_client.get("/heatmap").get_data(as_text=True)
    if side == "supplier":
        auth.login(orgs.supplier_admin)
        client.post(f"/partnerships/{partnership.id}/end")
    else:
        auth.login(orgs.buyer_admin)
        client.post(f"/partnerships/{partnership.id}/withdraw")
    assert partnerships(session, orgs)[0].status == "ended"
    assert buyer_client.get(drilldown).status_code == 404
    assert "山田精工" not in buyer_client.get("/heatmap").get_data(as_text=True).split("<main>")[1]


def test_after_an_end_the_buyer_may_propose_again(client, auth, session, orgs):
    b.gen_partnership(session, orgs.buyer, orgs.supplier, status="ended")
    session.commit()
    auth.login(orgs.buyer_admin)
    assert client.post("/partnerships/", data={"supplier_code": "YAMADA"}).status_code == 302
    assert sorted(p.status for p in partnerships(session, orgs)) == ["ended", "proposed"]


def test_viewers_see_the_list_without_actions(client, auth, session, orgs):
    b.gen_partnership(session, orgs.buyer, orgs.supplier, status="proposed")
    session.commit()
    for viewer, other in ((orgs.buyer_viewer, "山田精工"), (orgs.supplier_viewer, "Towa Motors")):
        auth.login(viewer)
        page = client.get("/partnerships/").get_data(as_text=True)
        assert other in page
        assert "/accept" not in page and "/withdraw" not in page and 'name="supplier_code"' not in page
        auth.logout()


def test_admins_see_their_actions(client, auth, session, orgs):
    proposal = b.gen_partnership(session, orgs.buyer, orgs.supplier, status="proposed")
    session.commit()
    auth.login(orgs.supplier_admin)
    page = client.get("/partnerships/").get_data(as_text=True)
    assert f"/partnerships/{proposal.id}/accept" in page and f"/partnerships/{proposal.id}/decline" in page
    auth.logout()
    auth.login(orgs.buyer_admin)
    page = client.get("/partnerships/").get_data(as_text=True)
    assert f"/partnerships/{proposal.id}/withdraw" in page and 'name="supplier_code"' in page


def test_each_side_lists_only_its_own_partnerships(client, auth, session, orgs):
    other_buyer = b.gen_buyer(session, name="Other Motors")
    b.gen_partnership(session, other_buyer, orgs.supplier)
    b.gen_partnership(session, orgs.buyer, b.gen_supplier(session, name="Elsewhere Works"))
    session.commit()
    auth.login(orgs.buyer_viewer)
    page = client.get("/partnerships/").get_data(as_text=True)
    assert "Elsewhere Works" in page and "Other Motors" not in page
    auth.logout()
    auth.login(orgs.supplier_viewer)
    page = client.get("/partnerships/").get_data(as_text=True)
    assert "Other Motors" in page and "Elsewhere Works" not in page
    assert session.scalar(select(func.count()).select_from(Partnership)) == 2
