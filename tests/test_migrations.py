"""The Alembic migrations build exactly the schema the models declare."""

from __future__ import annotations

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
