"""The skills matrix: cells, filters, column scores, recording a level, bad input."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests import builders as b
from tests.builders import TODAY
from tracker.models import Assessment, CurrentLevel


def test_matrix_shows_levels_and_column_scores(client, session, supplier, editor):
    process = b.gen_process(session, supplier, code="W-01", criticality="B")
    veteran = b.gen_engineer(session, supplier, name="Veteran")
    b.gen_level(session, veteran, process, 4, date(2025, 1, 1))
    session.commit()
    page = client.get("/matrix").get_data(as_text=True)
    assert "Veteran" in page and "W-01" in page
    assert f'data-process="{process.id}" class="q">1<' in page
    assert f'data-process="{process.id}" class="d">100<' in page
    assert "band-critical" in page


def test_an_expired_certification_is_marked(client, session, supplier, editor):
    process = b.gen_process(session, supplier)
    engineer = b.gen_engineer(session, supplier)
    b.gen_level(session, engineer, process, 3, date(2025, 1, 1), expires_on=TODAY - timedelta(days=1))
    session.commit()
    assert "level-3 expired" in client.get("/matrix").get_data(as_text=True)


def test_matrix_filters_by_site_and_category(client, session, supplier, editor):
    welding, plating = b.gen_category(session), b.gen_category(session)
    b.gen_process(session, supplier, welding, code="W-01")
    b.gen_process(session, supplier, plating, code="M-01")
    b.gen_engineer(session, supplier, name="At Honsha", site="Honsha")
    b.gen_engineer(session, supplier, name="At Daini", site="Daini")
    session.commit()
    page = client.get(f"/matrix?site=Daini&category={plating.id}").get_data(as_text=True)
    assert "At Daini" in page and "At Honsha" not in page
    assert "M-01" in page and "W-01" not in page


def test_recording_a_level_appends_history_and_updates_the_matrix(client, session, supplier, editor):
    process, engineer = b.gen_process(session, supplier), b.gen_engineer(session, supplier)
    b.gen_level(session, engineer, process, 2, date(2025, 1, 1))
    session.commit()
    response = client.post(
        f"/skills/{engineer.id}/{process.id}",
        data={"level": "3", "assessed_on": "2026-01-05", "assessor": "Chief", "next": "/matrix?site=x"},
    )
    assert response.headers["Location"] == "/matrix?site=x"
    assert session.scalar(select(func.count(Assessment.id))) == 2
    assert session.get(CurrentLevel, (engineer.id, process.id)).level == 3
    history = client.get(f"/skills/{engineer.id}/{process.id}").get_data(as_text=True)
    assert "2026-01-05" in history and "2025-01-01" in history


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"level": "7"}, "The level must be 0, I, L, U or O (0 to 4)."),
        ({"level": "x"}, "Invalid Choice: could not coerce."),
        (
            {"level": "3", "assessed_on": (TODAY + timedelta(days=3)).isoformat()},
            "The assessment date cannot be in the future.",
        ),
        ({"level": "3", "expires_on": "2025-12-31"}, "The expiry must come after the assessment date."),
    ],
)
def test_bad_level_input_is_refused_with_a_message(client, session, supplier, editor, data, message):
    process, engineer = b.gen_process(session, supplier), b.gen_engineer(session, supplier)
    session.commit()
    response = client.post(f"/skills/{engineer.id}/{process.id}", data={"assessed_on": "2026-01-01"} | data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert session.scalar(select(func.count(Assessment.id))) == 0


def test_overview_names_key_persons_and_truck_factor(client, session, supplier, editor):
    process = b.gen_process(session, supplier, criticality="A")
    veteran = b.gen_engineer(session, supplier, name="Only Veteran")
    b.gen_level(session, veteran, process, 4, date(2025, 1, 1))
    session.commit()
    page = client.get("/overview").get_data(as_text=True)
    assert "Only Veteran" in page
    assert 'class="key-ranking' in page
