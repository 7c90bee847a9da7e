"""The shape of the code that a newcomer relies on: what importing a module drags in, and the wiring."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def modules_loaded_by(statement: str) -> set[str]:
    """The top-level modules a fresh interpreter has loaded after running `statement`."""
    report = "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    code = f"{statement}; import json, sys; {report}"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


@pytest.mark.parametrize("statement", ["import tracker.scoring", "import tracker"])
def test_importing_the_scoring_loads_no_flask_and_no_sqlalchemy(statement):
    loaded = modules_loaded_by(statement)
    assert not loaded & {"flask", "sqlalchemy", "werkzeug", "flask_babel", "alembic", "plotly"}


def test_the_package_import_runs_nothing_but_the_factory_builds_everything():
    assert "flask" not in modules_loaded_by("import tracker")
    assert {"flask", "sqlalchemy"} <= modules_loaded_by(
        "from tracker import create_app; create_app({'SECRET_KEY': 'x', 'DATABASE_URL': 'sqlite://'})"
    )


def test_the_write_hooks_are_registered_by_the_factory_on_its_own_sessions(app, tmp_path):
    """Sessions made outside any app carry no hook: nothing is registered at import time."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from tracker.heatmap import stored, versions

    sessions = app.extensions["db"]
    assert event.contains(sessions, "after_flush", versions._after_flush)
    assert event.contains(sessions, "before_commit", stored._refresh_marked)
    assert not event.contains(Session, "after_flush", versions._after_flush)
    assert not event.contains(Session, "before_commit", stored._refresh_marked)


def test_no_source_file_uses_a_side_effect_import():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "tracker").rglob("*.py")
        if "noqa: F401" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
