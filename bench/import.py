"""Benchmark of the skills-matrix import.

    .venv/bin/python bench/import.py

It writes a throw-away SQLite file (bench/import.sqlite) with one supplier and 100 processes, then
prints:
  (a) the time to import a 200 x 100 matrix (200 engineers, 100 processes: 20,000 levels) through
      the app's own code, parse (`read_workbook`), plan (`read_layouts` + `plan_workbook`) and
      commit (`apply_import` + commit: assessments, current levels, audit events and the stored
      scores, in one transaction), each timed, and checks the levels written;
  (b) the time and peak Python memory to refuse a workbook of 30 MB of shared strings (within
      every zip limit: it is refused by the bound on what a parse may read).
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
import tracemalloc
import zipfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import Workbook  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from tracker import create_app, db  # noqa: E402
from tracker.heatmap import stored  # noqa: E402
from tracker.models import Assessment, CurrentLevel, CurrentScore  # noqa: E402
from tracker.models.base import Base  # noqa: E402
from tracker.processes.taxonomy import ensure_categories  # noqa: E402
from tracker.spreadsheets.imports import Options, apply_import, plan_workbook, read_layouts  # noqa: E402
from tracker.spreadsheets.safety import UnsafeFile  # noqa: E402
from tracker.spreadsheets.sheets import read_workbook  # noqa: E402
from tracker.tenancy import Scope  # noqa: E402

ENGINEERS, PROCESSES = 200, 100
SYMBOLS = ("◎", "○", "△", "▲", "×")


def matrix() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "星取表"
    sheet.append(["社員番号", "氏名", "拠点"] + [f"P{n:03d}" for n in range(PROCESSES)])
    for e in range(ENGINEERS):
        sheet.append([f"E{e:04d}", f"技術者 {e}", "本社"] + [SYMBOLS[(e + p) % 5] for p in range(PROCESSES)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def heavy() -> bytes:
    """A small workbook whose shared strings unpack to 30 MB."""
    book = Workbook()
    book.active.append(["社員番号", "氏名"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    count = 30_000_000 // 104  # 30 MB (28.6 MiB), within the 30 MiB a part may unpack to
    strings = b"".join(b"<si><t>%07d %s</t></si>" % (n, b"x" * 80) for n in range(count))
    shared = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + strings + b"</sst>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry.filename, source.read(entry.filename))
        target.writestr("xl/sharedStrings.xml", shared)
    return out.getvalue()


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{folder / 'import.sqlite'}",
                      "IMPORT_FOLDER": str(folder / "imports")})  # fmt: skip
    Base.metadata.create_all(db.engine_of(app))
    data = matrix()
    with app.app_context():
        session = db.session()
        ensure_categories(session)
        from tests import builders as b

        supplier = b.gen_supplier(session, code="BENCH")
        category = b.gen_category(session)
        for n in range(PROCESSES):
            b.gen_process(session, supplier, category, code=f"P{n:03d}", name=f"Process {n}")
        session.commit()
        stored.ensure(session, date.today())
        scope = Scope.of(supplier)
        started = time.perf_counter()
        sheets = read_workbook(data, "matrix.xlsx")
        parsed = time.perf_counter()
        plan = plan_workbook(
            session, scope, read_layouts(session, scope, sheets, {}), Options(), date.today()
        )
        planned = time.perf_counter()
        assert plan.can_commit and len(plan.level_changes) == ENGINEERS * PROCESSES, plan.problems[:3]
        apply_import(session, scope, None, plan, date.today())
        session.commit()
        done = time.perf_counter()
        levels = session.scalar(select(func.count()).select_from(CurrentLevel))
        history = session.scalar(select(func.count()).select_from(Assessment))
        scores = session.scalar(select(func.count()).select_from(CurrentScore))
        assert levels == history == ENGINEERS * PROCESSES and scores == PROCESSES
    print(
        f"(a) {ENGINEERS} x {PROCESSES} import ({ENGINEERS * PROCESSES} levels, {len(data) / 1024:.0f} KB):"
    )
    print(f"    parse {parsed - started:.2f} s, plan {planned - parsed:.2f} s, "
          f"commit {done - planned:.2f} s, total {done - started:.2f} s (target <= 10 s)")  # fmt: skip
    bomb = heavy()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        read_workbook(bomb, "heavy.xlsx")
        raise SystemExit("the heavy workbook was not refused")
    except UnsafeFile as refusal:
        code = refusal.code
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"(b) 30 MB shared strings ({len(bomb) / 1024 / 1024:.1f} MB file): refused as {code!r} in "
          f"{elapsed * 1000:.0f} ms, peak {peak / 1024 / 1024:.1f} MB (target <= 2 s)")  # fmt: skip


if __name__ == "__main__":
    main()
