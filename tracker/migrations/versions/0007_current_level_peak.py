"""the highest level each engineer-process pair ever reached

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 07:00:00

`current_level.peak_level` is the highest level any assessment of the pair recorded, filled from
the history; the as-of replay looks up only the pairs that once reached a counting level.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("current_level") as batch:
        batch.add_column(sa.Column("peak_level", sa.Integer(), server_default="0", nullable=False))
    assessment = sa.table(
        "assessment",
        sa.column("engineer_id", sa.Integer),
        sa.column("process_id", sa.Integer),
        sa.column("level", sa.Integer),
    )
    current = sa.table(
        "current_level",
        sa.column("engineer_id", sa.Integer),
        sa.column("process_id", sa.Integer),
        sa.column("peak_level", sa.Integer),
    )
    peak = (
        sa.select(sa.func.max(assessment.c.level))
        .where(
            assessment.c.engineer_id == current.c.engineer_id,
            assessment.c.process_id == current.c.process_id,
        )
        .scalar_subquery()
    )
    op.execute(current.update().values(peak_level=sa.func.coalesce(peak, 0)))
    with op.batch_alter_table("current_level") as batch:
        batch.alter_column("peak_level", server_default=None)
        batch.create_index(
            "ix_current_level_replay",
            ["practised_on", "engineer_id", "process_id"],
            sqlite_where=sa.text("peak_level >= 3"),
            postgresql_where=sa.text("peak_level >= 3"),
        )


def downgrade() -> None:
    with op.batch_alter_table("current_level") as batch:
        batch.drop_index("ix_current_level_replay")
        batch.drop_column("peak_level")
