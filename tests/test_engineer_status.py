"""Dated engineer status: leave from-to and left-on periods, written by the form with the change,
audited, shown on the engineer's page, and dated by the migration for existing statuses."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from alembic import command
from sqlalchemy import insert, select, text

from tests import builders as b
from tests.builders import TODAY
from tests.conftest import PG_URL
from tracker import cli
from tracker.db import make_engine
from tracker.engineers.service import StatusChange, update_engineer
from tracker.models import AuditEvent, Engineer, EngineerStatusPeriod, Process
from tracker.models.people import status_on
from tracker.refusals import Refused
from tracker.scoring_sql import score_processes

DAY = timedelta(days=1)


def periods(session, engineer) -> list[tuple]:
    return list(
        session.execute(
            select(EngineerStatusPeriod.status, EngineerStatusPeriod.starts_on, EngineerStatusPeriod.ends_on)
            .where(EngineerStatusPeriod.engineer_id == engineer.id)
            .order_by(EngineerStatusPeriod.starts_on)
        )
    )


def form(engineer, **values) -> dict:
    return {
        "name": engineer.name,
        "employee_code": engineer.employee_code,
        "site": engineer.site,
        "status": engineer.status,
    } | values


def test_marking_an_engineer_as_left_on_a_date_writes_the_period_and_the_audit(
    client, session, supplier, editor
):
    engineer = b.gen_engineer(session, supplier, name="Kato Ken")
    session.commit()
    left_on = TODAY - 10 * DAY
    response = client.post(
        f"/engineers/{engineer.id}/edit", data=form(engineer, status="left", status_from=left_on.isoformat())
    )
    assert response.status_code == 302
    session.expire_all()
    assert periods(session, engineer) == [("left", left_on, None)]
    assert session.get(Engineer, engineer.id).status == "left"
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.changes == {"status": ["active", "left"], "status_from": left_on.isoformat()}
    page = client.get(f"/engineers/{engineer.id}").get_data(as_text=True)
    assert "Status history" in page and left_on.isoformat() in page


def test_a_status_change_without_a_date_is_dated_today(client, session, supplier, editor):
    engineer = b.gen_engineer(session, supplier)
    session.commit()
    client.post(f"/engineers/{engineer.id}/edit", data=form(engineer, status="leave"))
    assert periods(session, engineer) == [("leave", TODAY, None)]


def test_coming_back_ends_the_leave_the_day_before(client, session, supplier, editor):
    engineer = b.gen_engineer(session, supplier, status="leave", away_since=TODAY - 30 * DAY)
    session.commit()
    client.post(
        f"/engineers/{engineer.id}/edit",
        data=form(engineer, status="active", status_from=(TODAY - 5 * DAY).isoformat()),
    )
    session.expire_all()
    assert periods(session, engineer) == [("leave", TODAY - 30 * DAY, TODAY - 6 * DAY)]
    assert session.get(Engineer, engineer.id).status == "active"


def test_a_past_leave_is_recorded_and_leaves_todays_status_alone(client, session, supplier, editor):
    engineer = b.gen_engineer(session, supplier)
    session.commit()
    start, end = TODAY - 90 * DAY, TODAY - 60 * DAY
    client.post(
        f"/engineers/{engineer.id}/edit",
        data=form(engineer, status="leave", status_from=start.isoformat(), status_to=end.isoformat()),
    )
    session.expire_all()
    assert periods(session, engineer) == [("leave", start, end)]
    assert session.get(Engineer, engineer.id).status == "active"


def test_registering_an_engineer_on_leave_dates_the_leave(client, session, supplier, editor):
    since = TODAY - 3 * DAY
    client.post(
        "/engineers/new",
        data={"name": "Mori Aki", "employee_code": "M-1", "status": "leave", "status_from": str(since)},
    )
    engineer = session.scalars(select(Engineer).where(Engineer.employee_code == "M-1")).one()
    assert (engineer.status, periods(session, engineer)) == ("leave", [("leave", since, None)])


@pytest.mark.parametrize(
    "values, message",
    [
        ({"status": "left", "status_from": (TODAY + DAY).isoformat()}, "cannot be after today"),
        (
            {"status": "leave", "status_from": "2026-10-10", "status_to": "2026-10-01"},
            "cannot end before it starts (2026-10-10)",
        ),
        ({"status": "leave", "status_from": "2026-10-10", "status_to": TODAY.isoformat()}, "still running"),
        ({"status": "left", "status_from": "2026-10-10", "status_to": "2026-10-20"}, "Only a leave"),
        ({"status": "leave", "status_from": "2026-06-15", "status_to": "2026-07-15"}, "overlap"),
    ],
)
def test_wrong_status_dates_are_refused_with_a_message_and_nothing_is_written(
    client, session, supplier, editor, values, message
):
    engineer = b.gen_engineer(session, supplier, name="Ono Rin")
    b.gen_status(session, engineer, "leave", date(2026, 7, 1), date(2026, 7, 31))
    session.commit()
    before = periods(session, engineer)
    data = form(engineer, name="Ono Renamed", **values)
    response = client.post(f"/engineers/{engineer.id}/edit", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page
    assert 'value="Ono Renamed"' in page  # the input is kept
    session.expire_all()
    assert periods(session, engineer) == before
    assert session.get(Engineer, engineer.id).name == "Ono Rin"


def test_leave_then_left_closes_the_leave(session, supplier):
    engineer = b.gen_engineer(session, supplier, status="leave", away_since=TODAY - 40 * DAY)
    values = {"employee_code": engineer.employee_code}
    update_engineer(session, engineer, None, values, StatusChange("left", TODAY - 10 * DAY), today=TODAY)
    assert periods(session, engineer) == [
        ("leave", TODAY - 40 * DAY, TODAY - 11 * DAY),
        ("left", TODAY - 10 * DAY, None),
    ]
    with pytest.raises(Refused) as refused:
        update_engineer(session, engineer, None, values, StatusChange("leave", TODAY - 20 * DAY), today=TODAY)
    assert refused.value.code == "status_overlap"


def test_the_status_on_a_date_is_the_latest_period_covering_it(session, supplier):
    engineer = b.gen_engineer(session, supplier)
    b.gen_status(session, engineer, "leave", date(2026, 3, 1), date(2026, 3, 31))
    b.gen_status(session, engineer, "left", date(2026, 9, 1))
    history = engineer.periods
    assert [status_on(history, d) for d in (date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 31))] == [
        "active",
        "leave",
        "leave",
    ]
    assert [status_on(history, d) for d in (date(2026, 4, 1), date(2026, 8, 31), date(2026, 9, 1))] == [
        "active",
        "active",
        "left",
    ]


def test_the_sql_rule_and_the_python_twin_agree_on_who_counts(session, supplier):
    """`scoring_sql.active_on` and `Engineer.active_on` over leave edges, on either side."""
    process = b.gen_process(session, supplier, required=2)
    engineer = b.gen_engineer(session, supplier)
    b.gen_level(session, engineer, process, 3, date(2025, 1, 1))
    b.gen_status(session, engineer, "leave", date(2026, 3, 1), date(2026, 3, 31))
    session.commit()
    for day in (date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 31), date(2026, 4, 1)):
        [item] = score_processes(session, Process.id == process.id, day, history=True)
        assert (item.score.qualified == 1) == engineer.active_on(day), day


def test_the_migration_dates_existing_statuses_and_says_so(tmp_path, capsys):
    if PG_URL:
        pytest.skip("SQLite file")
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    command.upgrade(cli.alembic_config(url), "0003")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO organization (id, name, code, kind, active, created_at) "
                "VALUES (1, 'S', 'S', 'supplier', 1, '2026-01-01 00:00:00')"
            )
        )
        for id_, status in ((1, "active"), (2, "left"), (3, "leave")):
            connection.execute(
                text(
                    "INSERT INTO engineer (id, supplier_id, name, employee_code, site, status, created_at) "
                    "VALUES (:id, 1, 'E', :code, '', :status, :created)"
                ),
                {"id": id_, "code": f"E{id_}", "status": status, "created": f"2025-0{id_}-01 09:00:00"},
            )
        connection.execute(
            insert(AuditEvent.__table__).values(
                organization_id=1,
                action="update",
                entity="engineer",
                entity_id=2,
                at=date(2026, 9, 14),
                changes={"status": ["active", "left"]},
            )
        )
    cli.upgrade(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT engineer_id, status, starts_on, ends_on, note FROM engineer_status_period")
        ).all()
    engine.dispose()
    rows.sort()
    assert [row[:4] for row in rows] == [(2, "left", "2026-09-14", None), (3, "leave", "2025-03-01", None)]
    assert "audit trail" in rows[0].note and "registration date" in rows[1].note
    said = capsys.readouterr().out
    assert "dated the status of 2 engineers" in said and "1 from the audit trail" in said
