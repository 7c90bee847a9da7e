"""The Alembic migrations build exactly the schema the models declare."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from tests.conftest import PG_URL
from tracker import cli
from tracker.db import make_engine
from tracker.models.base import Base


def test_migrations_match_the_models(tmp_path):
    url = PG_URL or f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    engine = make_engine(url)
    if PG_URL:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    cli.upgrade(url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert diff == []


def test_the_peak_level_migration_fills_the_highest_level_of_each_pairs_history(tmp_path):
    url = f"sqlite:///{tmp_path / 'peak.sqlite'}"
    command.upgrade(cli.alembic_config(url), "0006")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("PRAGMA foreign_keys=OFF"))
        for number, (engineer, level, day) in enumerate(
            [(1, 3, "2025-01-01"), (1, 1, "2026-01-01"), (2, 2, "2026-01-01")], 1
        ):
            connection.execute(
                text(
                    "INSERT INTO assessment (id, supplier_id, engineer_id, process_id, level,"
                    " assessed_on, assessor, evidence, created_at)"
                    " VALUES (:id, 1, :engineer, 1, :level, :day, '', '', :day)"
                ),
                {"id": number, "engineer": engineer, "level": level, "day": day},
            )
        connection.execute(
            text(
                "INSERT INTO current_level (engineer_id, process_id, supplier_id, assessment_id, level,"
                " assessed_on, practised_on) VALUES (1, 1, 1, 2, 1, '2026-01-01', '2026-01-01'),"
                " (2, 1, 1, 3, 2, '2026-01-01', '2026-01-01')"
            )
        )
    cli.upgrade(url)
    with engine.connect() as connection:
        peaks = connection.execute(text("SELECT engineer_id, peak_level FROM current_level ORDER BY 1")).all()
    engine.dispose()
    assert [tuple(row) for row in peaks] == [(1, 3), (2, 2)]
