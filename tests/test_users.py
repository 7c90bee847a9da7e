"""Users of an organization: invite with a one-time password, change role, deactivate."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests import builders as b
from tracker.models import User


@pytest.fixture
def supplier(session):
    return b.gen_supplier(session)


@pytest.fixture
def admin(client, auth, session, supplier):
    user = b.gen_user(session, supplier, "admin")
    session.commit()
    auth.login(user)
    return user


def test_invite_shows_a_one_time_password_that_logs_in_once_then_must_be_replaced(
    app, client, session, admin
):
    page = client.post(
        "/users/new", data={"name": "New Person", "email": "New@Example.com", "role": "editor"}
    )
    password = re.search(r'id="one-time-password">([^<]+)<', page.get_data(as_text=True)).group(1)
    user = session.scalar(select(User).where(User.email == "new@example.com"))
    assert (user.role, user.must_change_password, user.organization_id) == (
        "editor",
        True,
        admin.organization_id,
    )
    other = app.test_client()
    assert other.post("/login", data={"email": "new@example.com", "password": password}).status_code == 302
    assert other.get("/overview").headers["Location"] == "/account/password"


def test_invite_refuses_a_taken_email(client, session, supplier, admin):
    b.gen_user(session, supplier, email="taken@example.com")
    session.commit()
    response = client.post("/users/new", data={"name": "X", "email": "Taken@example.com", "role": "viewer"})
    assert "A user with this email exists already." in response.get_data(as_text=True)


def test_change_role_and_deactivate(client, session, supplier, admin):
    other = b.gen_user(session, supplier, "viewer")
    session.commit()
    client.post(f"/users/{other.id}/role", data={"role": "editor"})
    client.post(f"/users/{other.id}/deactivate")
    session.refresh(other)
    assert (other.role, other.active) == ("editor", False)


def test_an_admin_cannot_demote_or_deactivate_themselves(client, session, admin):
    response = client.post(f"/users/{admin.id}/deactivate", follow_redirects=True)
    assert "You cannot change your own role or deactivate yourself." in response.get_data(as_text=True)
    client.post(f"/users/{admin.id}/role", data={"role": "viewer"})
    session.refresh(admin)
    assert (admin.role, admin.active) == ("admin", True)
