"""the daily e-mail digest a user may opt in to

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 08:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("digest", sa.Boolean(), server_default="0", nullable=False))
        batch.add_column(sa.Column("digest_sent_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("digest_sent_on")
        batch.drop_column("digest")
