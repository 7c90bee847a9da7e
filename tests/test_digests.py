"""The daily e-mail digest: what it says, in the user's language, sent through a real SMTP server."""

from __future__ import annotations

import socket
from datetime import date, timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from tests import builders as b
from tests.builders import TODAY
from tracker.digests.service import reminder_day
from tracker.models import User


class Inbox:
    """An aiosmtpd handler keeping what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox(app):
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, BASE_URL="https://densho.example")
    yield handler
    controller.stop()


@pytest.fixture
def shop(session):
    supplier = b.gen_supplier(session, name="山田精工株式会社")
    process = b.gen_process(session, supplier, code="WL-01", name="溶接", criticality="A", required=2)
    welder = b.gen_engineer(session, supplier, name="佐藤 一郎")
    b.gen_level(
        session, welder, process, 3, TODAY - timedelta(days=400), expires_on=TODAY + timedelta(days=30)
    )
    licence = b.gen_certificate_type(session, supplier, [process], name="技能検定 溶接", grade="1級")
    b.gen_certificate(session, welder, licence, number="W-123", expires_on=TODAY + timedelta(days=90))
    session.commit()
    return supplier, process, welder


def send(app, runner):
    with app.app_context():
        return runner.invoke(args=["send-digests"])


@pytest.mark.parametrize(
    ("expires_in", "since_days_ago", "expected"),
    [(30, 1, 30), (31, 1, None), (7, 1, 7), (0, 1, 0), (60, 3, 60), (59, 3, 60), (29, 3, 30), (100, 1, None)],
)
def test_a_reminder_comes_on_the_first_digest_after_its_day(expires_in, since_days_ago, expected):
    today = date(2026, 12, 2)
    assert (
        reminder_day(today + timedelta(days=expires_in), today - timedelta(days=since_days_ago), today)
        == expected
    )


def test_the_digest_reaches_a_japanese_user_in_japanese_with_the_expiring_certification(
    app, runner, session, inbox, shop
):
    supplier, _process, _welder = shop
    user = b.gen_user(session, supplier, "editor", locale="ja", digest=True, email="hr@yamada.example")
    session.commit()
    result = send(app, runner)
    assert result.exit_code == 0, result.output
    assert "Digests sent: 1" in result.output
    [mail] = inbox.messages
    assert mail["To"] == "hr@yamada.example" and "山田精工株式会社" in mail["Subject"]
    body = mail.get_content()
    assert "資格・免許" in body and "佐藤 一郎 · 技能検定 溶接" in body and "(W-123)" in body
    assert "90日後" in body and (TODAY + timedelta(days=90)).isoformat() in body
    assert "佐藤 一郎 · WL-01 · 溶接 (U)" in body
    assert "30日後" in body and (TODAY + timedelta(days=30)).isoformat() in body
    assert f"https://densho.example/engineers/{_welder.id}" in body
    session.expire_all()
    assert session.get(User, user.id).digest_sent_on == TODAY


def test_a_second_run_the_same_day_sends_nothing_again(app, runner, session, inbox, shop):
    b.gen_user(session, shop[0], "editor", digest=True)
    session.commit()
    send(app, runner)
    result = send(app, runner)
    assert len(inbox.messages) == 1 and "Digests sent: 0" in result.output


def test_only_users_who_opted_in_get_it_and_nothing_new_sends_nothing(app, runner, session, inbox, shop):
    supplier, _process, _welder = shop
    b.gen_user(session, supplier, "editor", digest=False)
    quiet = b.gen_user(session, b.gen_supplier(session), "editor", digest=True)
    session.commit()
    result = send(app, runner)
    assert inbox.messages == [] and "nothing new for 1" in result.output
    session.expire_all()
    assert session.get(User, quiet.id).digest_sent_on == TODAY


def test_an_english_user_reads_overdue_plans_and_processes_that_became_critical(
    app, runner, session, inbox, shop
):
    supplier, process, welder = shop
    trainee = b.gen_engineer(session, supplier, name="Trainee")
    b.gen_level(session, trainee, process, 1, TODAY - timedelta(days=400))
    b.gen_plan(session, trainee, welder, process, from_level=1, starts_on=TODAY - timedelta(days=90),
               due_on=TODAY - timedelta(days=1))  # fmt: skip
    process.required = 3
    second = b.gen_engineer(session, supplier, name="Second")
    b.gen_level(session, second, process, 3, TODAY - timedelta(days=400))
    b.gen_status(session, welder, "left", TODAY)  # one of the two qualified left today: critical now
    user = b.gen_user(session, supplier, "editor", locale="en", digest=True)
    session.commit()
    send(app, runner)
    body = inbox.messages[0].get_content()
    assert "Training plans now overdue" in body and "Trainee · WL-01" in body
    assert "Processes that became critical" in body and "WL-01 · 溶接: Q 1 of R 3, D 100" in body
    assert user.email == inbox.messages[0]["To"]


def test_a_failed_delivery_leaves_the_day_open(app, runner, session, shop):
    user = b.gen_user(session, shop[0], "editor", digest=True)
    session.commit()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nobody listens
    result = send(app, runner)
    assert result.exit_code != 0 and "Could not send the digest" in result.output
    session.expire_all()
    assert session.get(User, user.id).digest_sent_on is None


def test_a_user_turns_the_digest_on_and_off(client, auth, session, shop):
    user = b.gen_user(session, shop[0], "viewer")
    session.commit()
    auth.login(user)
    assert "Send me the daily digest" in client.get("/digest/").get_data(as_text=True)
    client.post("/digest/", data={"digest": "y"})
    assert session.scalar(select(User.digest).where(User.id == user.id)) is True
    client.post("/digest/", data={})
    session.expire_all()
    assert session.scalar(select(User.digest).where(User.id == user.id)) is False
