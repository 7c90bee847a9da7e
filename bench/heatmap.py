"""Benchmark of the buyer's heatmap at 200 partner suppliers.

    .venv/bin/python bench/heatmap.py            # (a)-(d) and the matrix page
    .venv/bin/python bench/heatmap.py --serve    # also (e): gunicorn, 2 workers, measured with wrk

It writes a throw-away SQLite file (bench/heatmap.sqlite, git-ignored): 200 suppliers with 40
processes and 100 engineers each, 40 categories, about 20 rated processes per engineer (400,000
current levels; as many assessments, and an earlier one a level below for 60 % of the qualified),
retirements, expiries and lapses spread so that every band occurs, and a buyer partnered with all
200. Then it prints:
  (a) the median time of the heatmap computation through the app's own code
      (`tracker.heatmap.service.buyer_heatmap`: the partners and categories, then the cells
      aggregated from the stored process scores), once the day's scores are stored (that refresh
      is timed too, and so is a write's);
  (b) the median time of the same aggregate as one raw sqlite3 query (the cells statement the app
      sends, run on a plain sqlite3 connection and fetched): the floor;
  (c) their ratio;
  (d) the SQL statements per heatmap request (test client, counted with before_cursor_execute),
      on a cold cache and on a warm one;
  and the server time of one supplier's matrix page (100 engineers x 40 processes);
  (f) the median time of the as-of heatmap (the map as it was 90 days ago, replayed from the
      assessment history and the dated engineer statuses, through `buyer_heatmap`), and its
      ratio to today's map (a);
  (g) the server time of meeting mode for one supplier (a partner meeting's page for the screen:
      map, changes since the previous meeting, why red, actions), test client, median;
  (e) with --serve: requests per second and p99 latency of the heatmap endpoint and of a trivial
      endpoint ("/", which loads the user and redirects), back to back with wrk, and their ratio.
"""

from __future__ import annotations

import argparse
import gzip
import http.cookiejar
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, update  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from tracker import create_app, db  # noqa: E402
from tracker.db import make_engine  # noqa: E402
from tracker.heatmap import stored as current_scores  # noqa: E402
from tracker.heatmap.service import Filters, buyer_heatmap, buyer_portfolio  # noqa: E402
from tracker.meetings import service as meetings  # noqa: E402
from tracker.models import DataVersion  # noqa: E402
from tracker.models.base import Base  # noqa: E402
from tracker.tenancy import Scope  # noqa: E402

DATABASE = ROOT / "bench" / "heatmap.sqlite"
SUPPLIERS, CATEGORIES, PROCESSES, ENGINEERS, RATED = 200, 40, 40, 100, 20
BUYER_ID = SUPPLIERS + 1
BUYER = Scope(BUYER_ID, "buyer")
BUYER_EMAIL, SUPPLIER_EMAIL, PASSWORD = (
    "bench-buyer@example.test",
    "bench-supplier@example.test",
    "bench-password",
)
# How many engineers hold a process at U or O (the rest of its ~50 ratings are learners, 0-2).
QUALIFIED = {0: 1, 1: 2, 2: 2, 3: 2, 4: 1.5, 5: 1, 6: 1, 8: 0.5}
PROMOTED = 0.6  # the share of the qualified with an earlier assessment at the level below
TARGETS = {"a_ms": 35.0, "ratio": 1.3, "statements": 3, "matrix_ms": 50.0, "rps_share": 0.90, "p99_ms": 10.0}
AS_OF_DAYS, AS_OF_RATIO = 90, 10.0  # (f): the as-of date, and the target ratio to today's map
RUNS = 21
ROUNDS, CONNECTIONS = 3, 2  # wrk: alternating rounds per endpoint; one connection per gunicorn worker
NOW = "2026-01-01 00:00:00"


def generate(path: Path, today: date, seed: int = 1) -> None:
    """Write the synthetic dataset with plain sqlite3 executemany (the schema from the models)."""
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    engine = make_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    engine.dispose()
    rng = random.Random(seed)
    rows: dict[str, list[tuple]] = {
        name: [] for name in ("org", "process", "engineer", "assessment", "level", "plan", "period")
    }
    dates = random.Random(seed + 1)  # the status periods' dates, apart from the rest of the data
    history = random.Random(seed + 2)  # the earlier assessments of the qualified, apart as well
    process_id = engineer_id = assessment_id = plan_id = 0
    for supplier in range(1, SUPPLIERS + 1):
        rows["org"].append(
            (supplier, f"Supplier {supplier:03d}", f"S{supplier:03d}", "supplier", 1, "[]", NOW)
        )
        sites = ["Main", "East", "West"][: rng.randint(1, 3)]
        processes = []
        for number in range(PROCESSES):
            process_id += 1
            criticality = rng.choices("ABC", (4, 3.5, 2.5))[0]
            required = (3 if criticality == "A" else 2) + (rng.random() < 0.1)
            lapse = 12 if rng.random() < 0.1 else None
            name = f"Process {supplier}-{number}"
            category = rng.randint(1, CATEGORIES)
            site = rng.choice(sites)
            rows["process"].append(
                (
                    process_id,
                    supplier,
                    category,
                    f"P-{number:02d}",
                    name,
                    criticality,
                    required,
                    site,
                    lapse,
                    NOW,
                )
            )
            processes.append((process_id, rng.choices(list(QUALIFIED), list(QUALIFIED.values()))[0]))
        engineers = []
        for number in range(ENGINEERS):
            engineer_id += 1
            draw = rng.random()
            if draw < 0.25:
                retires = None
            elif draw < 0.40:
                retires = today + timedelta(days=rng.randint(20, 1100))
            else:
                retires = today + timedelta(days=rng.randint(1300, 11000))
            status = rng.choices(("active", "leave", "left"), (95, 3, 2))[0]
            rows["engineer"].append(
                (engineer_id, supplier, f"Engineer {supplier}-{number}", f"E{number:04d}", rng.choice(sites),
                 None, retires and retires.isoformat(), status, NOW)
            )  # fmt: skip
            if status != "active":  # away since a day of the last year and a half
                since = today - timedelta(days=dates.randint(1, 540))
                rows["period"].append((supplier, engineer_id, status, since.isoformat(), None, "", NOW))
            engineers.append(engineer_id)
        raters: dict[int, list[int]] = {pid: [] for pid, _k in processes}
        for engineer in engineers:
            for pid, _k in rng.sample(processes, RATED):
                raters[pid].append(engineer)
        for pid, qualified in processes:
            rng.shuffle(raters[pid])
            for position, engineer in enumerate(raters[pid]):
                level = rng.choice((3, 3, 4)) if position < qualified else rng.randint(0, 2)
                assessed = today - timedelta(days=rng.randint(10, 700))
                expires = None
                if level >= 3 and rng.random() < 0.12:
                    expires = (today + timedelta(days=rng.randint(-200, 500))).isoformat()
                if level >= 3 and history.random() < PROMOTED:  # reached it from the level below
                    assessment_id += 1
                    earlier = assessed - timedelta(days=history.randint(30, 600))
                    rows["assessment"].append(
                        (assessment_id, supplier, engineer, pid, level - 1, earlier.isoformat(), "", "",
                         None, None, NOW)
                    )  # fmt: skip
                assessment_id += 1
                rows["assessment"].append(
                    (
                        assessment_id,
                        supplier,
                        engineer,
                        pid,
                        level,
                        assessed.isoformat(),
                        "",
                        "",
                        expires,
                        None,
                        NOW,
                    )
                )
                rows["level"].append(
                    (
                        engineer,
                        pid,
                        supplier,
                        assessment_id,
                        level,
                        assessed.isoformat(),
                        expires,
                        assessed.isoformat(),
                        level,
                    )
                )
            learners = raters[pid][qualified:]
            if qualified and learners and rng.random() < 0.25:
                plan_id += 1
                due = today + timedelta(days=rng.randint(30, 500))
                status = rng.choice(("planned", "in_progress"))
                rows["plan"].append(
                    (plan_id, supplier, learners[0], raters[pid][0], pid, 1, 3, today.isoformat(),
                     due.isoformat(), status, "", NOW)
                )  # fmt: skip
    rows["org"].append((BUYER_ID, "Bench Buyer", "BUYER", "buyer", 1, "[]", NOW))
    password = generate_password_hash(PASSWORD)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    tables = {  # rows key: (table, columns)
        "org": ("organization", "id name code kind active sites created_at"),
        "process": (
            "process",
            "id supplier_id category_id code name criticality required site lapse_months created_at",
        ),
        "engineer": (
            "engineer",
            "id supplier_id name employee_code site hired_on retires_on status created_at",
        ),
        "assessment": (
            "assessment",
            "id supplier_id engineer_id process_id level assessed_on assessor evidence expires_on "
            "recorded_by_id created_at",
        ),
        "level": (
            "current_level",
            "engineer_id process_id supplier_id assessment_id level assessed_on expires_on practised_on "
            "peak_level",
        ),
        "plan": (
            "training_plan",
            "id supplier_id trainee_id trainer_id process_id from_level target_level starts_on due_on "
            "status notes created_at",
        ),
        "period": (
            "engineer_status_period",
            "supplier_id engineer_id status starts_on ends_on note created_at",
        ),
        "partnership": ("partnership", "buyer_id supplier_id status disclosure proposed_at"),
        "user": (
            "user_account",
            "organization_id email name password_hash role active must_change_password created_at",
        ),
    }
    rows["partnership"] = [
        (BUYER_ID, s, "accepted", ("aggregate", "pseudonymous", "named")[s % 3], NOW)
        for s in range(1, SUPPLIERS + 1)
    ]
    rows["user"] = [
        (BUYER_ID, BUYER_EMAIL, "Bench buyer", password, "viewer", 1, 0, NOW),
        (1, SUPPLIER_EMAIL, "Bench supplier", password, "viewer", 1, 0, NOW),
    ]
    with connection:
        connection.executemany(
            "INSERT INTO process_category (id, code, name_en, name_ja, position) VALUES (?,?,?,?,?)",
            [(i, f"c{i:02d}", f"Category {i:02d}", f"分類{i:02d}", i) for i in range(1, CATEGORIES + 1)],
        )
        for name, (table, columns) in tables.items():
            names = columns.split()
            sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
            connection.executemany(sql, rows[name])
        connection.execute("INSERT INTO data_version (id, version) VALUES (1, 1)")
    connection.execute("ANALYZE")
    connection.close()


def median_ms(function, runs: int = RUNS) -> float:
    function()  # warm: statement compiled, pages in the OS cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def interleaved(first, second, runs: int = RUNS) -> tuple[float, float]:
    """Median milliseconds of two functions timed turn about, so that noise hits both alike."""
    first(), second()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for function, bucket in zip((first, second), times, strict=True):
            start = time.perf_counter()
            function()
            bucket.append(time.perf_counter() - start)
    return statistics.median(times[0]) * 1000, statistics.median(times[1]) * 1000


class Statements:
    """Counts the statements sent to the database while active."""

    def __init__(self, engine) -> None:
        self.engine, self.sent = engine, []

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._sent)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._sent)

    def _sent(self, _connection, _cursor, statement, parameters, _context, _many) -> None:
        self.sent.append((statement, parameters))


def app_for(path: Path):
    return create_app(
        {
            "SECRET_KEY": "bench",
            "DATABASE_URL": f"sqlite:///{path}",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )


def measure(path: Path, today: date) -> dict:
    app = app_for(path)
    results: dict = {}
    with app.app_context():
        session = db.session()
        session.execute(update(DataVersion).values(scores_on=None))  # as if yesterday's
        session.commit()
        started = time.perf_counter()
        assert current_scores.ensure(session, today, app.config["SCORING_HORIZON_YEARS"])
        results["refresh_ms"] = (time.perf_counter() - started) * 1000
        results["supplier_refresh_ms"] = median_ms(
            lambda: current_scores.refresh_suppliers(session.connection(), [1]), 5
        )
        session.rollback()
        heatmap = buyer_heatmap(session, BUYER, today)
        portfolio = buyer_portfolio(session, BUYER, today)
        results["cells"] = len(heatmap.cells)
        results["bands"] = Counter(p.band for p in portfolio.processes if p.is_critical)
        with Statements(db.engine()) as sent:
            buyer_heatmap(session, BUYER, today)
        sql, parameters = sent.sent[-1]  # the cells (the first statement reads the directory)
        raw = sqlite3.connect(path)
        results["a"], results["b"] = interleaved(
            lambda: buyer_heatmap(session, BUYER, today), lambda: raw.execute(sql, parameters).fetchall()
        )
        raw.close()
        results["projected"] = median_ms(
            lambda: buyer_heatmap(session, BUYER, today, Filters(projected=True)), 5
        )
        results["portfolio"] = median_ms(lambda: buyer_portfolio(session, BUYER, today), 5)
        past = Filters(as_of=today - timedelta(days=AS_OF_DAYS))
        results["as_of"] = median_ms(lambda: buyer_heatmap(session, BUYER, today, past), 5)
        results["as_of_cells"] = len(buyer_heatmap(session, BUYER, today, past).cells)
    results["c"] = results["a"] / results["b"]
    client = app.test_client()
    client.post("/login", data={"email": BUYER_EMAIL, "password": PASSWORD})
    for url in ("/heatmap/figure.json", "/heatmap"):
        app.extensions["results_cache"].clear()
        counts = []
        for _ in range(2):  # cold, then warm
            with Statements(db.engine_of(app)) as sent:
                assert client.get(url).status_code == 200
            counts.append(len(sent.sent))
        results[url] = counts
    app.extensions["results_cache"].clear()
    results["cold_figure_ms"] = median_ms(
        lambda: (app.extensions["results_cache"].clear(), client.get("/heatmap/figure.json")), 3
    )
    supplier = app.test_client()
    supplier.post("/login", data={"email": SUPPLIER_EMAIL, "password": PASSWORD})
    results["matrix_ms"] = median_ms(lambda: supplier.get("/matrix"), 11)
    with app.app_context():
        meeting_id = _meetings(db.session(), today)
    url = f"/meetings/{meeting_id}/present"
    assert client.get(url).status_code == 200
    results["meeting_ms"] = median_ms(lambda: client.get(url), 11)
    results["meeting_page_ms"] = median_ms(lambda: client.get(f"/meetings/{meeting_id}"), 11)
    db.engine_of(app).dispose()
    return results


def _meetings(session, today: date) -> int:
    """A closed pulse meeting with supplier 1 a month ago (with two actions) and today's: its id."""
    values = {"suppliers": [1], "kind": "pulse", "agenda": "Previous actions\nNext steps"}
    earlier = meetings.schedule(
        session, BUYER, None, values | {"held_on": today - timedelta(days=30), "title": "Last"}
    )
    for text in ("Train a second welder", "Share the retirement plan"):
        meetings.record_action(
            session, earlier, None, {"text": text, "owner_side": "supplier", "process_id": 1}
        )
    meetings.close(session, earlier, None, today)
    meeting = meetings.schedule(session, BUYER, None, values | {"held_on": today, "title": "Now"})
    session.commit()
    return meeting.id


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log_in(base: str) -> str:
    """A real session cookie: GET the login form for its CSRF token, POST it, keep the cookie."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form) or re.search(
        r'name="csrf_token" value="([^"]+)"', form
    )
    data = urllib.parse.urlencode({"csrf_token": token.group(1), "email": BUYER_EMAIL, "password": PASSWORD})
    opener.open(f"{base}/login", data.encode()).read()
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    if "session=" not in cookies:
        raise RuntimeError("could not log in")
    return cookies


def wrk(url: str, cookie: str, seconds: int) -> tuple[float, float]:
    """(requests per second, p99 latency in ms) of `url` under wrk."""
    output = subprocess.run(
        ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-H", f"Cookie: {cookie}",
         "-H", "Accept-Encoding: gzip", url],
        capture_output=True, text=True, check=True, timeout=seconds + 30,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", output).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} failed responses")
    return rps, p99


def serve(path: Path, seconds: int) -> dict:
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "bench-secret"}
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/login", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        cookie = log_in(base)
        heatmap_url = f"{base}/heatmap/figure.json"
        request = urllib.request.Request(heatmap_url, headers={"Cookie": cookie, "Accept-Encoding": "gzip"})
        for _ in range(20):  # every worker computes and caches the figure once
            body = urllib.request.urlopen(request).read()
        size = (len(body), len(gzip.decompress(body)))
        wrk(f"{base}/", cookie, 2), wrk(heatmap_url, cookie, 2)  # warm both, unmeasured
        runs: dict[str, list[tuple[float, float]]] = {"trivial": [], "heatmap": []}
        for _ in range(ROUNDS):  # alternating, so that a noisy neighbour hits both alike
            runs["trivial"].append(wrk(f"{base}/", cookie, seconds))
            runs["heatmap"].append(wrk(heatmap_url, cookie, seconds))
        medians = {
            name: (statistics.median(r for r, _ in values), statistics.median(p for _, p in values))
            for name, values in runs.items()
        }
        return {**medians, "share": medians["heatmap"][0] / medians["trivial"][0], "size": size, "runs": runs}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def verdict(ok: bool, target: str) -> str:
    return f"{'meets' if ok else 'MISSES'} the target ({target})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", action="store_true", help="also measure gunicorn throughput with wrk")
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench/heatmap.sqlite")
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration of each round per endpoint")
    args = parser.parse_args()
    today = date.today()
    if not (args.reuse and DATABASE.exists()):
        started = time.perf_counter()
        generate(DATABASE, today)
        print(f"generated {DATABASE.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s")
    r = measure(DATABASE, today)
    bands = ", ".join(f"{band} {r['bands'][band]}" for band in ("critical", "high", "watch", "covered"))
    print(f"{SUPPLIERS} suppliers, {r['cells']} heatmap cells; critical processes by band: {bands}")
    print(
        f"(a) heatmap computation, app code:   {r['a']:6.1f} ms median   " + verdict(r["a"] <= 35, "<= 35 ms")
    )
    print(f"(b) the same aggregate, raw sqlite3: {r['b']:6.1f} ms median   (the floor)")
    print(
        f"(c) ratio a / b:                     {r['c']:6.2f}             " + verdict(r["c"] <= 1.3, "<= 1.3")
    )
    for url in ("/heatmap/figure.json", "/heatmap"):
        cold, warm = r[url]
        print(f"(d) SQL statements per request of {url}: {cold} uncached, {warm} cached   ", end="")
        print(verdict(max(cold, warm) <= 3, "<= 3"))
    print(
        f"    stored scores: the day's first request recomputes all {SUPPLIERS * PROCESSES} processes"
        f" in {r['refresh_ms']:.0f} ms; a write recomputes its supplier's {PROCESSES}"
        f" in {r['supplier_refresh_ms']:.1f} ms"
    )
    print(f"    projected heatmap {r['projected']:.0f} ms; portfolio, truck factors {r['portfolio']:.0f} ms;")
    print(f"    one uncached figure request {r['cold_figure_ms']:.0f} ms (computation, figure, JSON, gzip)")
    as_of_ratio = r["as_of"] / r["a"]
    print(
        f"(f) as-of heatmap, {AS_OF_DAYS} days ago ({r['as_of_cells']} cells): {r['as_of']:6.1f} ms median;"
        f" {as_of_ratio:.1f} x today's map (a), {r['as_of'] / r['projected']:.1f} x the projected map   "
        + verdict(as_of_ratio <= AS_OF_RATIO, f"<= {AS_OF_RATIO:.0f} x (a)")
    )
    print(
        f"    matrix page, {ENGINEERS} engineers x {PROCESSES} processes: {r['matrix_ms']:.1f} ms median   ",
        end="",
    )
    print(verdict(r["matrix_ms"] <= 50, "<= 50 ms"))
    print(
        f"(g) meeting mode, one supplier ({PROCESSES} processes, {ENGINEERS} engineers), with the previous"
        f" meeting's changes: {r['meeting_ms']:.1f} ms median server time   "
        + verdict(r["meeting_ms"] <= 150, "<= 150 ms")
    )
    print(f"    the meeting's page: {r['meeting_page_ms']:.1f} ms median")
    if args.serve:
        s = serve(DATABASE, args.seconds)
        (t_rps, t_p99), (h_rps, h_p99) = s["trivial"], s["heatmap"]
        rounds = f"{ROUNDS} alternating rounds of {args.seconds} s"
        print(f"(e) gunicorn, 2 workers; wrk -t1 -c{CONNECTIONS}, {rounds}, medians:")
        print(f"    trivial endpoint /                    {t_rps:6.0f} req/s   p99 {t_p99:5.1f} ms")
        print(f"    heatmap endpoint /heatmap/figure.json {h_rps:6.0f} req/s   p99 {h_p99:5.1f} ms", end="")
        print(f"   ({s['size'][0] // 1024} KiB gzipped, {s['size'][1] // 1024} KiB of JSON)")
        for name in ("trivial", "heatmap"):
            rounds = ", ".join(f"{rps:.0f}/s p99 {p99:.1f} ms" for rps, p99 in s["runs"][name])
            print(f"    rounds, {name}: {rounds}")
        ok = s["share"] >= TARGETS["rps_share"] and h_p99 <= TARGETS["p99_ms"]
        print(f"    heatmap / trivial: {s['share']:.2f}   " + verdict(ok, ">= 0.90 with p99 <= 10 ms"))


if __name__ == "__main__":
    main()
