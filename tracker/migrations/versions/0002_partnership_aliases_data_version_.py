"""partnership aliases, data version, counting index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 21:10:37.811423
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.create_table(
        "engineer_alias",
        sa.Column("buyer_id", sa.Integer(), nullable=False),
        sa.Column("engineer_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.String(length=2), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["buyer_id"], ["organization.id"], name=op.f("fk_engineer_alias_buyer_id_organization")
        ),
        sa.ForeignKeyConstraint(
            ["engineer_id"], ["engineer.id"], name=op.f("fk_engineer_alias_engineer_id_engineer")
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"], ["organization.id"], name=op.f("fk_engineer_alias_supplier_id_organization")
        ),
        sa.PrimaryKeyConstraint("buyer_id", "engineer_id", name=op.f("pk_engineer_alias")),
        sa.UniqueConstraint("buyer_id", "supplier_id", "number", name=op.f("uq_engineer_alias_buyer_id")),
    )
    with op.batch_alter_table("current_level", schema=None) as batch_op:
        batch_op.create_index(
            "ix_current_level_counting",
            ["process_id", "level", "engineer_id", "expires_on", "practised_on"],
            unique=False,
            sqlite_where=sa.text("level >= 3"),
            postgresql_where=sa.text("level >= 3"),
        )


def downgrade() -> None:
    with op.batch_alter_table("current_level", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_current_level_counting",
            sqlite_where=sa.text("level >= 3"),
            postgresql_where=sa.text("level >= 3"),
        )

    op.drop_table("engineer_alias")
    op.drop_table("data_version")
