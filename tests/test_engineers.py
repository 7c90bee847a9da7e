"""Engineers: list with search, filters and pages; register, edit, mark as left; bad input."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tests import builders as b
from tracker.models import AuditEvent, Engineer


def engineer_count(session) -> int:
    return session.scalar(select(func.count(Engineer.id)))


def test_list_searches_by_name_and_code_and_filters_by_site_and_status(client, session, supplier, editor):
    b.gen_engineer(session, supplier, name="Sato Ichiro", employee_code="S-1", site="Honsha")
    b.gen_engineer(session, supplier, name="Suzuki Hanako", employee_code="S-2", site="Daini")
    b.gen_engineer(session, supplier, name="Tanaka Jiro", employee_code="T-9", site="Daini", status="left")
    session.commit()
    assert "Sato" in client.get("/engineers/?q=sato").get_data(as_text=True)
    page = client.get("/engineers/?q=T-9").get_data(as_text=True)
    assert "Tanaka" in page and "Sato" not in page
    page = client.get("/engineers/?site=Daini&status=active").get_data(as_text=True)
    assert "Suzuki" in page and "Tanaka" not in page and "Sato Ichiro" not in page


def test_list_pages_through_many_engineers(client, session, supplier, editor):
    for n in range(30):
        b.gen_engineer(session, supplier, name=f"Engineer {n:02d}")
    session.commit()
    first, second = (
        client.get("/engineers/").get_data(as_text=True),
        client.get("/engineers/?page=2").get_data(as_text=True),
    )
    assert "Engineer 00" in first and "Engineer 29" not in first
    assert "Engineer 29" in second and "Page 2 of 2" in second


def test_list_shows_only_the_own_suppliers_engineers(client, session, supplier, editor):
    b.gen_engineer(session, b.gen_supplier(session), name="Someone Else")
    session.commit()
    assert "Someone Else" not in client.get("/engineers/").get_data(as_text=True)


def test_register_an_engineer(client, session, supplier, editor):
    response = client.post(
        "/engineers/new",
        data={
            "name": "  Yamada Taro ",
            "employee_code": "Y-1",
            "site": "Honsha",
            "hired_on": "1990-04-01",
            "retires_on": "2027-03-31",
            "status": "active",
        },
    )
    assert response.status_code == 302
    engineer = session.scalar(select(Engineer))
    assert (engineer.name, engineer.supplier_id, engineer.retires_on) == (
        "Yamada Taro",
        supplier.id,
        date(2027, 3, 31),
    )
    assert session.scalar(select(AuditEvent.entity)) == "engineer"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"name": "A", "employee_code": "X", "hired_on": "2020-01-01", "retires_on": "2019-01-01"},
            "The retirement date must come after the hire date.",
        ),
        ({"name": "", "employee_code": "X"}, "This field is required."),
        ({"name": "A", "employee_code": "DUP"}, "Another engineer already has this employee code."),
        ({"name": "A", "employee_code": "X", "hired_on": "not a date"}, "Not a valid date value."),
        ({"name": "A", "employee_code": "X", "status": "retired"}, "Not a valid choice."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_writes_nothing(
    client, session, supplier, editor, data, message
):
    b.gen_engineer(session, supplier, employee_code="DUP")
    session.commit()
    before = engineer_count(session)
    response = client.post("/engineers/new", data={"status": "active"} | data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert engineer_count(session) == before


def test_edit_keeps_the_own_code_and_refuses_anothers(client, session, supplier, editor):
    one = b.gen_engineer(session, supplier, employee_code="ONE")
    b.gen_engineer(session, supplier, employee_code="TWO")
    session.commit()
    ok = client.post(
        f"/engineers/{one.id}/edit", data={"name": "Renamed", "employee_code": "ONE", "status": "active"}
    )
    assert ok.status_code == 302
    clash = client.post(
        f"/engineers/{one.id}/edit", data={"name": "Renamed", "employee_code": "TWO", "status": "active"}
    )
    assert "Another engineer already has this employee code." in clash.get_data(as_text=True)
    session.refresh(one)
    assert (one.name, one.employee_code) == ("Renamed", "ONE")


def test_mark_as_left_keeps_the_engineer_and_history(client, session, supplier, editor):
    engineer = b.gen_engineer(session, supplier)
    b.gen_level(session, engineer, b.gen_process(session, supplier), 4)
    session.commit()
    assert client.post(f"/engineers/{engineer.id}/left").status_code == 302
    session.refresh(engineer)
    assert engineer.status == "left"
    assert "History" in client.get(f"/engineers/{engineer.id}").get_data(as_text=True)


def test_there_is_no_route_that_deletes_an_engineer(app):
    assert not [rule for rule in app.url_map.iter_rules() if "DELETE" in rule.methods]


@pytest.mark.parametrize("record_id", [2**31, 10**30])
def test_an_id_no_database_column_holds_answers_404(client, editor, record_id):
    """An impossible id names no record: 404, never a database error."""
    assert client.get(f"/engineers/{record_id}").status_code == 404
    assert client.get(f"/skills/{record_id}/{record_id}").status_code == 404


def test_the_engineer_list_sorts_by_each_date_both_ways_with_the_undated_last(client, auth, session):
    supplier = b.gen_supplier(session)
    people = [("Aoki", date(2001, 4, 1), None), ("Baba", date(1990, 4, 1), date(2027, 3, 31)),
              ("Chiba", date(2010, 4, 1), date(2040, 3, 31))]  # fmt: skip
    for name, hired, retires in people:
        b.gen_engineer(session, supplier, name=name, hired_on=hired, retires_on=retires)
    viewer = b.gen_user(session, supplier, "viewer")
    session.commit()
    auth.login(viewer)

    def order(sort: str) -> list[str]:
        page = client.get(f"/engineers/?sort={sort}").get_data(as_text=True)
        return sorted(("Aoki", "Baba", "Chiba"), key=page.index)

    assert order("hired_on") == ["Baba", "Aoki", "Chiba"]  # the most senior first
    assert order("-hired_on") == ["Chiba", "Aoki", "Baba"]
    assert order("retires_on") == ["Baba", "Chiba", "Aoki"]  # nobody retiring: last
    assert order("-retires_on") == ["Chiba", "Baba", "Aoki"]
    assert order("-name") == ["Chiba", "Baba", "Aoki"]
    assert order("nonsense") == ["Aoki", "Baba", "Chiba"]  # by name
    page = client.get("/engineers/?sort=retires_on&site=").get_data(as_text=True)
    assert 'aria-sort="ascending"' in page and 'name="sort" value="retires_on"' in page
    assert "sort=-retires_on" in page  # the same header again: the other way round
