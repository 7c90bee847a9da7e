"""An organization's settings and first run: names in Japanese and English, sites, time zone."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from tests import builders as b
from tracker.audit import service as audit
from tracker.models import AuditEvent, Organization


@pytest.fixture
def new_supplier(session):
    """A supplier just created from the command line: named after its code, not set up yet."""
    return b.gen_supplier(session, name="NEWCO", code="NEWCO", set_up_at=None)


def settings(**values) -> dict:
    return {"name": "新光精機株式会社", "name_en": "", "sites": "", "timezone": "Asia/Tokyo"} | values


def test_a_new_organizations_admin_starts_on_the_first_run(client, auth, session, new_supplier):
    admin = b.gen_user(session, new_supplier, "admin")
    session.commit()
    auth.login(admin)
    response = client.get("/")
    assert response.status_code == 302 and response.location.endswith("/organization/")
    page = client.get("/organization/").get_data(as_text=True)
    assert "Welcome to Densho" in page and 'aria-current="step"' in page


def test_the_first_run_saves_the_names_sites_and_zone_then_leads_to_the_matrix(
    client, auth, session, new_supplier
):
    admin = b.gen_user(session, new_supplier, "admin")
    session.commit()
    auth.login(admin)
    data = settings(
        name_en="Shinko Seiki Co., Ltd.", sites="本社工場\n第二工場, 本社工場\n\n", timezone="Asia/Bangkok"
    )
    response = client.post("/organization/", data=data)
    assert response.status_code == 302 and response.location.endswith("/organization/first-steps")
    session.expire_all()
    org = session.get(Organization, new_supplier.id)
    assert (org.name, org.name_en, org.sites, org.timezone) == (
        "新光精機株式会社",
        "Shinko Seiki Co., Ltd.",
        ["本社工場", "第二工場"],
        "Asia/Bangkok",
    )
    assert org.set_up_at is not None
    [event] = session.scalars(select(AuditEvent).where(AuditEvent.entity == "organization")).all()
    assert event.changes["name"] == "新光精機株式会社"
    steps = client.get("/organization/first-steps").get_data(as_text=True)
    assert "/spreadsheets/" in steps and "/engineers/new" in steps and "/processes/new" in steps
    assert client.get("/").location.endswith("/overview")  # the first run is done


def test_an_unknown_time_zone_is_refused_and_nothing_is_saved(client, auth, session, new_supplier):
    admin = b.gen_user(session, new_supplier, "admin")
    session.commit()
    auth.login(admin)
    response = client.post("/organization/", data=settings(timezone="Mars/Olympus"))
    assert response.status_code == 200
    assert "Nothing was saved" in response.get_data(as_text=True)
    session.expire_all()
    org = session.get(Organization, new_supplier.id)
    assert (org.name, org.set_up_at) == ("NEWCO", None)


def test_too_many_sites_are_refused_on_the_field(client, auth, session, new_supplier):
    admin = b.gen_user(session, new_supplier, "admin")
    session.commit()
    auth.login(admin)
    page = client.post("/organization/", data=settings(sites="\n".join(f"Site {n}" for n in range(31))))
    assert "At most 30 sites." in page.get_data(as_text=True)
    session.expire_all()
    assert session.get(Organization, new_supplier.id).set_up_at is None


def test_an_editor_of_a_new_organization_sees_empty_pages_that_lead_to_the_import(
    client, auth, session, new_supplier
):
    editor = b.gen_user(session, new_supplier, "editor")
    session.commit()
    auth.login(editor)
    assert client.get("/").location.endswith("/overview")
    for url in ("/overview", "/engineers/", "/processes/", "/heatmap/own"):
        page = client.get(url).get_data(as_text=True)
        assert 'class="card" href="/spreadsheets/"' in page, url
    assert "No engineer yet." in client.get("/engineers/").get_data(as_text=True)
    assert "No engineer matches." in client.get("/engineers/?q=nobody").get_data(as_text=True)


def test_a_viewer_of_an_empty_organization_is_told_who_can_start_it(client, auth, session, new_supplier):
    viewer = b.gen_user(session, new_supplier, "viewer")
    session.commit()
    auth.login(viewer)
    page = client.get("/overview").get_data(as_text=True)
    assert "An editor or admin of your organization can import" in page
    assert 'class="card" href="/spreadsheets/"' not in page


def test_a_new_buyers_first_steps_lead_to_a_partnership(client, auth, session):
    buyer = b.gen_buyer(session, set_up_at=None)
    admin = b.gen_user(session, buyer, "admin")
    session.commit()
    auth.login(admin)
    assert client.get("/").location.endswith("/organization/")
    client.post("/organization/", data=settings(name="東和自動車株式会社"))
    assert "/partnerships/" in client.get("/organization/first-steps").get_data(as_text=True)
    assert client.get("/").location.endswith("/heatmap")


def test_english_readers_see_the_english_name_japanese_readers_the_japanese_one(
    client, auth, session, supplier
):
    supplier.name, supplier.name_en = "山田精工株式会社", "Yamada Seiko Co., Ltd."
    user = b.gen_user(session, supplier, "viewer", locale="en")
    session.commit()
    auth.login(user)
    assert "Yamada Seiko Co., Ltd." in client.get("/overview").get_data(as_text=True)
    client.post("/language", data={"language": "ja"})
    page = client.get("/overview").get_data(as_text=True)
    assert "山田精工株式会社" in page and "Yamada Seiko" not in page


def test_times_are_shown_in_the_organizations_zone(client, auth, session, supplier):
    admin = b.gen_user(session, supplier, "admin")
    engineer = b.gen_engineer(session, supplier, name="Sato")
    audit.record(session, supplier.id, admin.id, "create", "engineer", engineer.id).at = datetime(
        2026, 11, 22, 23, 5
    )
    session.commit()
    auth.login(admin)
    assert "2026-11-23 08:05 JST" in client.get("/audit/").get_data(as_text=True)
    supplier.timezone = "Europe/Berlin"
    session.commit()
    assert "2026-11-23 00:05 CET" in client.get("/audit/").get_data(as_text=True)


def test_site_fields_suggest_the_organizations_sites_then_those_in_use(client, auth, session, supplier):
    supplier.sites = ["本社工場", "第二工場"]
    b.gen_engineer(session, supplier, site="East")
    editor = b.gen_user(session, supplier, "editor")
    session.commit()
    auth.login(editor)
    for url in ("/engineers/new", "/processes/new"):
        page = client.get(url).get_data(as_text=True)
        assert 'list="site-choices"' in page
        assert page.index('value="本社工場"') < page.index('value="第二工場"') < page.index('value="East"')


def test_a_user_created_with_a_new_organization_from_the_command_line_gets_the_first_run(
    app, runner, session
):
    args = ["create-user", "--email", "first@example.test", "--name", "First", "--organization", "FIRSTCO"]
    options = [
        "--new-organization",
        "supplier",
        "--role",
        "admin",
        "--password",
        "a long enough passphrase here",
    ]
    with app.app_context():  # as the `flask` command provides
        result = runner.invoke(args=[*args, *options])
    assert result.exit_code == 0, result.output
    org = session.scalar(select(Organization).where(Organization.code == "FIRSTCO"))
    assert org.set_up_at is None
