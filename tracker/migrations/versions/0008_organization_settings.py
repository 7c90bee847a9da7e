"""organization names, sites, time zone and first run

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 07:30:00

An organization gets its English name, its sites, its time zone (Asia/Tokyo unless set) and the
time its first run was completed. Organizations that exist already are running: they count as
set up since they were created, so nobody is sent to the first-run page.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organization") as batch:
        batch.add_column(sa.Column("name_en", sa.String(length=200), server_default="", nullable=False))
        batch.add_column(sa.Column("sites", sa.JSON(), server_default="[]", nullable=False))
        batch.add_column(
            sa.Column("timezone", sa.String(length=64), server_default="Asia/Tokyo", nullable=False)
        )
        batch.add_column(sa.Column("set_up_at", sa.DateTime(), nullable=True))
    organization = sa.table(
        "organization", sa.column("set_up_at", sa.DateTime), sa.column("created_at", sa.DateTime)
    )
    op.execute(organization.update().values(set_up_at=organization.c.created_at))
    with op.batch_alter_table("organization") as batch:
        batch.alter_column("sites", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("organization") as batch:
        for column in ("set_up_at", "timezone", "sites", "name_en"):
            batch.drop_column(column)
