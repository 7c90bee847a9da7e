"""stored process scores

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 21:58:12.689239
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "current_score",
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("criticality", sa.String(length=1), nullable=False),
        sa.Column("site", sa.String(length=100), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("effective", sa.Double(), nullable=False),
        sa.Column("qualified", sa.Integer(), nullable=False),
        sa.Column("trainers", sa.Integer(), nullable=False),
        sa.Column("dependency", sa.Double(), nullable=False),
        sa.Column("band", sa.String(length=10), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["process_category.id"],
            name=op.f("fk_current_score_category_id_process_category"),
        ),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["process.id"],
            name=op.f("fk_current_score_process_id_process"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"], ["organization.id"], name=op.f("fk_current_score_supplier_id_organization")
        ),
        sa.PrimaryKeyConstraint("process_id", name=op.f("pk_current_score")),
        sa.UniqueConstraint("supplier_id", "severity", name=op.f("uq_current_score_supplier_id")),
    )
    with op.batch_alter_table("current_score", schema=None) as batch_op:
        batch_op.create_index(
            "ix_current_score_cell",
            ["supplier_id", "category_id", "criticality", "site", "severity"],
            unique=False,
        )

    with op.batch_alter_table("data_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scores_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("scores_horizon", sa.Double(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("data_version", schema=None) as batch_op:
        batch_op.drop_column("scores_horizon")
        batch_op.drop_column("scores_on")

    with op.batch_alter_table("current_score", schema=None) as batch_op:
        batch_op.drop_index("ix_current_score_cell")

    op.drop_table("current_score")
