"""Failed logins limited per account and per address across workers; unknown email and wrong
password alike; the password policy wherever a password is chosen."""

from __future__ import annotations

import json
import logging
import re
import time

import pytest

from tests import builders as b
from tracker import config, create_app, db
from tracker.auth import passwords


@pytest.fixture
def user(session):
    user = b.gen_user(session, b.gen_supplier(session), "editor")
    session.commit()
    return user


@pytest.fixture
def workers(app):
    """Two apps on one database: two gunicorn workers."""
    app.config.update(LOGIN_FAILURES_PER_ACCOUNT=5, LOGIN_FAILURES_PER_ADDRESS=8)
    second = create_app(dict(app.config))
    yield app, second
    db.engine_of(second).dispose()


def attempt(app, email, password="wrong", address="10.0.0.1"):
    return app.test_client().post(
        "/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def test_the_account_limit_holds_across_two_workers_and_many_addresses(workers, user):
    first, second = workers
    for n in range(5):
        response = attempt((first, second)[n % 2], user.email, address=f"10.0.1.{n}")
        assert response.status_code == 200
    response = attempt(second, user.email, address="10.0.2.1")
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 15 * 60
    assert attempt(first, user.email, b.PASSWORD, address="10.0.2.2").status_code == 429, "not even right"


def test_the_address_limit_holds_across_accounts(workers, user):
    first, second = workers
    for n in range(8):
        attempt((first, second)[n % 2], f"nobody{n}@example.test")
    assert attempt(first, user.email, b.PASSWORD).status_code == 429
    assert attempt(first, user.email, b.PASSWORD, address="10.9.9.9").status_code == 302


def test_a_success_clears_the_account_count(workers, user):
    first, _ = workers
    for n in range(4):
        attempt(first, user.email, address=f"10.0.3.{n}")
    assert attempt(first, user.email, b.PASSWORD, address="10.0.4.1").status_code == 302
    for n in range(4):
        assert attempt(first, user.email, address=f"10.0.5.{n}").status_code == 200


def test_throttling_is_logged_without_the_email(workers, user, caplog):
    first, _ = workers
    with caplog.at_level(logging.INFO, logger="densho.events"):
        for n in range(6):
            attempt(first, user.email, address=f"10.0.6.{n}")
    events = [json.loads(record.getMessage()) for record in caplog.records if record.name == "densho.events"]
    assert [e["event"] for e in events] == ["login_failure"] * 5 + ["login_throttled"]
    assert all(user.email not in json.dumps(e) and "wrong" not in json.dumps(e) for e in events)


def test_unknown_email_and_wrong_password_answer_alike(app, user):
    unknown = attempt(app, "nobody@example.test")
    wrong = attempt(app, user.email)
    assert unknown.status_code == wrong.status_code == 200

    def page(response, email):  # the page, but for the email typed and the form's CSRF token
        text = response.get_data(as_text=True).replace(email, "EMAIL")
        return re.sub(r'name="csrf_token"[^>]*>', "", text)

    assert page(unknown, "nobody@example.test") == page(wrong, user.email)


def test_unknown_email_and_wrong_password_take_the_same_time(tmp_path, user, app):
    """With the production hash (scrypt): the fastest attempts of each kind differ by less than the
    noise (25 %)."""
    app.config.update(PASSWORD_HASH_METHOD=passwords.DEFAULT_METHOD, LOGIN_FAILURES_PER_ACCOUNT=1000)
    with app.extensions["db"]() as own:
        own.get(type(user), user.id).password_hash = passwords.hash_password(b.PASSWORD)
        own.commit()

    times: dict[str, list[float]] = {user.email: [], "nobody@example.test": []}
    attempt(app, "warm-up@example.test")
    for n in range(12):  # interleaved, first one then the other: the machine's load weighs on both alike
        for email in sorted(times, reverse=n % 2 == 1):
            start = time.perf_counter()
            attempt(app, email, address=f"10.1.{len(email)}.{n}")
            times[email].append(time.perf_counter() - start)
    # The fastest of each: what the request costs when no other process takes the machine.
    known, unknown = min(times[user.email]), min(times["nobody@example.test"])
    assert abs(known - unknown) / known < 0.25, (known, unknown)
    assert unknown > 0.01, "the unknown email is checked against a real (dummy) hash"


@pytest.mark.parametrize(
    ("candidate", "refusal"),
    [
        ("fourteen chars", "password_short"),
        ("a" * 201, "password_long"),
        ("passwordpassword", "password_common"),
        ("PasswordPassword", "password_common"),
        ("abcabcabcabcabcabc", "password_common"),
        ("1234567890123456789", "password_common"),
        ("densho densho densho", "password_context"),
        ("yamada yamada yamada", "password_context"),
        ("fifteen chars!!", None),
        ("溶接ラインの朝は早いですね本当に", None),
        ("no rules on composition here", None),
    ],
)
def test_the_password_policy(candidate, refusal):
    assert passwords.policy_refusal(candidate, ("yamada@example.test", "Yamada Taro")) == refusal


def test_a_short_new_password_is_refused_with_the_rule(client, auth, user):
    auth.login(user)
    response = client.post(
        "/account/password", data={"current": b.PASSWORD, "password": "too short", "confirm": "too short"}
    )
    assert response.status_code == 200
    assert b"at least 15 characters" in response.data


def test_create_user_applies_the_policy(app, runner, session):
    org = b.gen_supplier(session)
    session.commit()
    args = ["create-user", "--email", "new@example.test", "--name", "New", "--organization", org.code]
    with app.app_context():  # as the `flask` command provides
        result = runner.invoke(args=[*args, "--password", "short"])
    assert result.exit_code != 0 and "at least 15" in result.output
    with app.app_context():
        result = runner.invoke(args=[*args, "--password", "a sufficiently long phrase"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("argv", "workers"),
    [
        (["gunicorn", "--workers", "2", "wsgi:app"], 2),
        (["/venv/bin/gunicorn", "-w4", "wsgi:app"], 4),
        (["gunicorn", "--workers=3", "wsgi:app"], 3),
        (["gunicorn", "wsgi:app"], 1),
        (["flask", "run"], 1),
    ],
)
def test_worker_count(argv, workers, monkeypatch):
    monkeypatch.delenv("GUNICORN_CMD_ARGS", raising=False)
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    assert config.worker_count(argv) == workers


def test_a_per_process_limiter_storage_with_several_workers_warns(app, caplog):
    with caplog.at_level(logging.WARNING):
        config.warn_about_limits(app, ["gunicorn", "-w", "2", "wsgi:app"])
    assert "each worker keeps its own rate limits" in caplog.text
    caplog.clear()
    app.config["RATELIMIT_STORAGE_URI"] = "redis://localhost:6379"
    config.warn_about_limits(app, ["gunicorn", "-w", "2", "wsgi:app"])
    assert caplog.text == ""
