"""Processes: create and edit with category, criticality, R; bad input."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests import builders as b
from tracker.models import Process


@pytest.fixture
def category(session):
    category = b.gen_category(session)
    session.commit()
    return category


def form(category, **values) -> dict:
    return {
        "code": "W-01",
        "name": "TIG welding",
        "category_id": category.id,
        "criticality": "A",
        "lapse_months": "None",
    } | values


@pytest.mark.parametrize(("criticality", "required"), [("A", 3), ("B", 2), ("C", 2)])
def test_required_headcount_defaults_by_criticality(client, session, editor, category, criticality, required):
    assert client.post("/processes/new", data=form(category, criticality=criticality)).status_code == 302
    assert session.scalar(select(Process.required)) == required


def test_explicit_required_headcount_and_lapse_are_kept(client, session, editor, category):
    client.post("/processes/new", data=form(category, required="5", lapse_months="12"))
    process = session.scalar(select(Process))
    assert (process.required, process.lapse_months) == (5, 12)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"required": "1"}, "R must be between 2 and 50."),
        ({"code": ""}, "This field is required."),
        ({"code": "DUP"}, "Another process already has this code."),
        ({"criticality": "D"}, "Not a valid choice."),
        ({"lapse_months": "5"}, "Not a valid choice."),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(
    client, session, supplier, editor, category, values, message
):
    b.gen_process(session, supplier, code="DUP")
    session.commit()
    response = client.post("/processes/new", data=form(category, **values))
    assert message in response.get_data(as_text=True)
    assert session.scalar(select(func.count(Process.id))) == 1


def test_a_category_that_does_not_exist_is_refused(client, session, editor, category):
    response = client.post("/processes/new", data=form(category, category_id="99999"))
    assert "Not a valid choice." in response.get_data(as_text=True)
    assert session.scalar(select(func.count(Process.id))) == 0


def test_edit_changes_the_process(client, session, supplier, editor, category):
    process = b.gen_process(session, supplier, category, code="OLD")
    session.commit()
    client.post(
        f"/processes/{process.id}/edit", data=form(category, code="NEW", criticality="B", required="4")
    )
    session.refresh(process)
    assert (process.code, process.criticality, process.required) == ("NEW", "B", 4)


def test_the_process_list_labels_the_name_as_a_process_name_in_japanese(client, session, editor, category):
    b.gen_process(session, editor.organization, category, code="W-01", name="TIG welding")
    session.commit()
    client.post("/language", data={"language": "ja"})
    page = client.get("/processes/").get_data(as_text=True)
    head = page.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert "<th>工程名</th>" in head and "氏名" not in head
    assert "工程名" in client.get("/processes/new").get_data(as_text=True)
