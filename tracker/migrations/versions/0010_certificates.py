"""certificate types, the processes they qualify for, and engineers' certificates

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificate_type",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.Column("grade", sa.String(length=100), nullable=False),
        sa.Column("validity_months", sa.Integer(), nullable=True),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "validity_months IS NULL OR validity_months >= 1",
            name=op.f("ck_certificate_type_validity_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"], ["organization.id"], name=op.f("fk_certificate_type_supplier_id_organization")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_type")),
        sa.UniqueConstraint("supplier_id", "name", "grade", name=op.f("uq_certificate_type_supplier_id")),
    )
    op.create_index(op.f("ix_certificate_type_supplier_id"), "certificate_type", ["supplier_id"])
    op.create_table(
        "certificate_type_process",
        sa.Column("certificate_type_id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["certificate_type_id"],
            ["certificate_type.id"],
            name=op.f("fk_certificate_type_process_certificate_type_id_certificate_type"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["process.id"],
            name=op.f("fk_certificate_type_process_process_id_process"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "certificate_type_id", "process_id", name=op.f("pk_certificate_type_process")
        ),
    )
    op.create_index(
        "ix_certificate_type_process_process",
        "certificate_type_process",
        ["process_id", "certificate_type_id"],
    )
    op.create_table(
        "certificate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("engineer_id", sa.Integer(), nullable=False),
        sa.Column("certificate_type_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("document_key", sa.String(length=64), nullable=True),
        sa.Column("document_name", sa.String(length=200), nullable=True),
        sa.Column("document_type", sa.String(length=40), nullable=True),
        sa.Column("document_size", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "expires_on IS NULL OR expires_on > issued_on", name=op.f("ck_certificate_expires_after_issue")
        ),
        sa.CheckConstraint(
            "document_key IS NULL OR (document_type IS NOT NULL AND document_size IS NOT NULL)",
            name=op.f("ck_certificate_document_described"),
        ),
        sa.ForeignKeyConstraint(
            ["certificate_type_id"],
            ["certificate_type.id"],
            name=op.f("fk_certificate_certificate_type_id_certificate_type"),
        ),
        sa.ForeignKeyConstraint(
            ["engineer_id"], ["engineer.id"], name=op.f("fk_certificate_engineer_id_engineer")
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"], ["organization.id"], name=op.f("fk_certificate_supplier_id_organization")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate")),
        sa.UniqueConstraint("document_key", name=op.f("uq_certificate_document_key")),
    )
    op.create_index(op.f("ix_certificate_supplier_id"), "certificate", ["supplier_id"])
    op.create_index(op.f("ix_certificate_certificate_type_id"), "certificate", ["certificate_type_id"])
    op.create_index(
        "ix_certificate_holder", "certificate", ["engineer_id", "certificate_type_id", "issued_on"]
    )


def downgrade() -> None:
    op.drop_table("certificate")
    op.drop_table("certificate_type_process")
    op.drop_table("certificate_type")
