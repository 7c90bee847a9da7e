"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 19:54:19.924033
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organization",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('supplier', 'buyer')", name=op.f("ck_organization_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization")),
        sa.UniqueConstraint("code", name=op.f("uq_organization_code")),
    )
    op.create_table(
        "process_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.Column("name_ja", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_process_category")),
        sa.UniqueConstraint("code", name=op.f("uq_process_category_code")),
    )
    op.create_table(
        "engineer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("employee_code", sa.String(length=40), nullable=False),
        sa.Column("site", sa.String(length=100), nullable=False),
        sa.Column("hired_on", sa.Date(), nullable=True),
        sa.Column("retires_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("status IN ('active', 'leave', 'left')", name=op.f("ck_engineer_status")),
        sa.CheckConstraint(
            "retires_on IS NULL OR hired_on IS NULL OR retires_on > hired_on",
            name=op.f("ck_engineer_retires_after_hire"),
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"], ["organization.id"], name=op.f("fk_engineer_supplier_id_organization")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engineer")),
        sa.UniqueConstraint("supplier_id", "employee_code", name=op.f("uq_engineer_supplier_id")),
    )
    with op.batch_alter_table("engineer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_engineer_supplier_id"), ["supplier_id"], unique=False)

    op.create_table(
        "partnership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("buyer_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("disclosure", sa.String(length=14), nullable=False),
        sa.Column("proposed_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "disclosure IN ('aggregate', 'pseudonymous', 'named')", name=op.f("ck_partnership_disclosure")
        ),
        sa.CheckConstraint(
            "status IN ('proposed', 'accepted', 'declined', 'ended')", name=op.f("ck_partnership_status")
        ),
        sa.ForeignKeyConstraint(
            ["buyer_id"], ["organization.id"], name=op.f("fk_partnership_buyer_id_organization")
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"], ["organization.id"], name=op.f("fk_partnership_supplier_id_organization")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partnership")),
    )
    with op.batch_alter_table("partnership", schema=None) as batch_op:
        batch_op.create_index("ix_partnership_pair", ["buyer_id", "supplier_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_partnership_supplier_id"), ["supplier_id"], unique=False)

    op.create_table(
        "process",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("criticality", sa.String(length=1), nullable=False),
        sa.Column("required", sa.Integer(), nullable=False),
        sa.Column("site", sa.String(length=100), nullable=False),
        sa.Column("lapse_months", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("criticality IN ('A', 'B', 'C')", name=op.f("ck_process_criticality")),
        sa.CheckConstraint(
            "lapse_months IS NULL OR lapse_months >= 1", name=op.f("ck_process_lapse_positive")
        ),
        sa.CheckConstraint("required >= 2", name=op.f("ck_process_required_at_least_two")),
        sa.ForeignKeyConstraint(
            ["category_id"], ["process_category.id"], name=op.f("fk_process_category_id_process_category")
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"], ["organization.id"], name=op.f("fk_process_supplier_id_organization")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_process")),
        sa.UniqueConstraint("supplier_id", "code", name=op.f("uq_process_supplier_id")),
    )
    with op.batch_alter_table("process", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_process_category_id"), ["category_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_process_supplier_id"), ["supplier_id"], unique=False)

    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=True),
        sa.Column("must_change_password", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("role IN ('viewer', 'editor', 'admin')", name=op.f("ck_user_account_role")),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_user_account_organization_id_organization"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("email", name=op.f("uq_user_account_email")),
    )
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_user_account_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("engineer_id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("assessor", sa.String(length=200), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("level BETWEEN 0 AND 4", name=op.f("ck_assessment_level")),
        sa.ForeignKeyConstraint(
            ["engineer_id"], ["engineer.id"], name=op.f("fk_assessment_engineer_id_engineer")
        ),
        sa.ForeignKeyConstraint(
            ["process_id"], ["process.id"], name=op.f("fk_assessment_process_id_process")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["user_account.id"], name=op.f("fk_assessment_recorded_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"], ["organization.id"], name=op.f("fk_assessment_supplier_id_organization")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment")),
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_assessment_pair", ["engineer_id", "process_id", "assessed_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_assessment_process_id"), ["process_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_supplier_id"), ["supplier_id"], unique=False)

    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_audit_event_organization_id_organization")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_audit_event_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index("ix_audit_event_org_at", ["organization_id", "at"], unique=False)

    op.create_table(
        "training_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("trainer_id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("from_level", sa.Integer(), nullable=False),
        sa.Column("target_level", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('planned', 'in_progress', 'done', 'cancelled')", name=op.f("ck_training_plan_status")
        ),
        sa.CheckConstraint("due_on >= starts_on", name=op.f("ck_training_plan_due_after_start")),
        sa.CheckConstraint(
            "target_level > from_level AND target_level <= 4", name=op.f("ck_training_plan_target")
        ),
        sa.CheckConstraint("trainee_id <> trainer_id", name=op.f("ck_training_plan_trainee_not_trainer")),
        sa.ForeignKeyConstraint(
            ["process_id"], ["process.id"], name=op.f("fk_training_plan_process_id_process")
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"], ["organization.id"], name=op.f("fk_training_plan_supplier_id_organization")
        ),
        sa.ForeignKeyConstraint(
            ["trainee_id"], ["engineer.id"], name=op.f("fk_training_plan_trainee_id_engineer")
        ),
        sa.ForeignKeyConstraint(
            ["trainer_id"], ["engineer.id"], name=op.f("fk_training_plan_trainer_id_engineer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_plan")),
    )
    with op.batch_alter_table("training_plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_training_plan_process_id"), ["process_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_training_plan_supplier_id"), ["supplier_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_training_plan_trainee_id"), ["trainee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_training_plan_trainer_id"), ["trainer_id"], unique=False)

    op.create_table(
        "current_level",
        sa.Column("engineer_id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("practised_on", sa.Date(), nullable=True),
        sa.CheckConstraint("level BETWEEN 0 AND 4", name=op.f("ck_current_level_level")),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessment.id"], name=op.f("fk_current_level_assessment_id_assessment")
        ),
        sa.ForeignKeyConstraint(
            ["engineer_id"], ["engineer.id"], name=op.f("fk_current_level_engineer_id_engineer")
        ),
        sa.ForeignKeyConstraint(
            ["process_id"], ["process.id"], name=op.f("fk_current_level_process_id_process")
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"], ["organization.id"], name=op.f("fk_current_level_supplier_id_organization")
        ),
        sa.PrimaryKeyConstraint("engineer_id", "process_id", name=op.f("pk_current_level")),
    )
    with op.batch_alter_table("current_level", schema=None) as batch_op:
        batch_op.create_index("ix_current_level_process", ["process_id", "level"], unique=False)
        batch_op.create_index("ix_current_level_supplier", ["supplier_id", "level"], unique=False)

    op.create_table(
        "training_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("hours", sa.Numeric(precision=4, scale=2, asdecimal=False), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("level_assessed", sa.Integer(), nullable=True),
        sa.Column("assessor", sa.String(length=200), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("hours > 0 AND hours <= 24", name=op.f("ck_training_session_hours")),
        sa.CheckConstraint(
            "level_assessed IS NULL OR level_assessed BETWEEN 0 AND 4", name=op.f("ck_training_session_level")
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessment.id"], name=op.f("fk_training_session_assessment_id_assessment")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["training_plan.id"], name=op.f("fk_training_session_plan_id_training_plan")
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"], ["organization.id"], name=op.f("fk_training_session_supplier_id_organization")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_session")),
    )
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_training_session_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_training_session_supplier_id"), ["supplier_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_session_supplier_id"))
        batch_op.drop_index(batch_op.f("ix_training_session_plan_id"))

    op.drop_table("training_session")
    with op.batch_alter_table("current_level", schema=None) as batch_op:
        batch_op.drop_index("ix_current_level_supplier")
        batch_op.drop_index("ix_current_level_process")

    op.drop_table("current_level")
    with op.batch_alter_table("training_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_plan_trainer_id"))
        batch_op.drop_index(batch_op.f("ix_training_plan_trainee_id"))
        batch_op.drop_index(batch_op.f("ix_training_plan_supplier_id"))
        batch_op.drop_index(batch_op.f("ix_training_plan_process_id"))

    op.drop_table("training_plan")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_event_org_at")

    op.drop_table("audit_event")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_supplier_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_process_id"))
        batch_op.drop_index("ix_assessment_pair")

    op.drop_table("assessment")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_account_organization_id"))

    op.drop_table("user_account")
    with op.batch_alter_table("process", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_process_supplier_id"))
        batch_op.drop_index(batch_op.f("ix_process_category_id"))

    op.drop_table("process")
    with op.batch_alter_table("partnership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partnership_supplier_id"))
        batch_op.drop_index("ix_partnership_pair")

    op.drop_table("partnership")
    with op.batch_alter_table("engineer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_engineer_supplier_id"))

    op.drop_table("engineer")
    op.drop_table("process_category")
    op.drop_table("organization")
