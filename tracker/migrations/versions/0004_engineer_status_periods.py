"""engineer status periods

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 23:40:00.000000

Engineer status changes become dated (`engineer_status_period`: on leave from-to, left on), so
that a past date knows who was active. Until now only today's status was kept, so the existing
'leave' and 'left' engineers are dated as best we can, and the migration says so (it prints a
line per kind of date, and every period it writes carries a note naming its source):
- the day of the latest audited change of the engineer to that status, when the audit trail
  has one;
- otherwise the day the engineer was registered (`created_at`): the engineer is then taken as
  away since registration, so the as-of view of an earlier date may count them where they did
  not count (edit the period on the engineer's page where the real date is known);
- otherwise today.
Every such period is open-ended (no end date): the engineer is still away today.
"""

from datetime import date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

NOTES = {
    "audit": "dated by migration 0004 from the audit trail",
    "created": "dated by migration 0004: registration date, the real date is unknown",
    "today": "dated by migration 0004: date of the migration, the real date is unknown",
}


def _day(value) -> date | None:
    """A date from a datetime column as the driver gives it (a datetime, or text on SQLite)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return datetime.fromisoformat(str(value)).date()


def _status_changes(connection, status: str) -> dict[int, date]:
    """Per engineer, the day of the latest audit event that set its status to `status`."""
    audit = sa.table(
        "audit_event",
        sa.column("entity", sa.String),
        sa.column("entity_id", sa.Integer),
        sa.column("at", sa.DateTime),
        sa.column("changes", sa.JSON),
    )
    days: dict[int, date] = {}
    rows = connection.execute(
        sa.select(audit.c.entity_id, audit.c.at, audit.c.changes)
        .where(audit.c.entity == "engineer")
        .order_by(audit.c.at)
    )
    for engineer_id, at, changes in rows:
        change = (changes or {}).get("status")
        new = change[-1] if isinstance(change, list) else change
        if new == status:
            days[engineer_id] = _day(at)
    return days


def _date_existing_statuses() -> None:
    connection = op.get_bind()
    engineer = sa.table(
        "engineer",
        sa.column("id", sa.Integer),
        sa.column("supplier_id", sa.Integer),
        sa.column("status", sa.String),
        sa.column("created_at", sa.DateTime),
    )
    period = sa.table(
        "engineer_status_period",
        sa.column("supplier_id", sa.Integer),
        sa.column("engineer_id", sa.Integer),
        sa.column("status", sa.String),
        sa.column("starts_on", sa.Date),
        sa.column("ends_on", sa.Date),
        sa.column("note", sa.String),
        sa.column("created_at", sa.DateTime),
    )
    now = datetime.now()
    rows, sources = [], {source: 0 for source in NOTES}
    for status in ("leave", "left"):
        audited = _status_changes(connection, status)
        for engineer_id, supplier_id, created_at in connection.execute(
            sa.select(engineer.c.id, engineer.c.supplier_id, engineer.c.created_at).where(
                engineer.c.status == status
            )
        ):
            starts_on, source = audited.get(engineer_id), "audit"
            if starts_on is None:
                starts_on, source = _day(created_at), "created"
            if starts_on is None:
                starts_on, source = now.date(), "today"
            sources[source] += 1
            rows.append(
                {
                    "supplier_id": supplier_id,
                    "engineer_id": engineer_id,
                    "status": status,
                    "starts_on": starts_on,
                    "ends_on": None,
                    "note": NOTES[source],
                    "created_at": now,
                }
            )
    if rows:
        op.bulk_insert(period, rows)
    print(
        "0004: dated the status of {} engineers on leave or left: {} from the audit trail, "
        "{} from the registration date, {} as of today (the real dates were not recorded)".format(
            len(rows), sources["audit"], sources["created"], sources["today"]
        )
    )


def upgrade() -> None:
    op.create_table(
        "engineer_status_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("engineer_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "ends_on IS NULL OR ends_on >= starts_on", name=op.f("ck_engineer_status_period_ends_after_start")
        ),
        sa.CheckConstraint("status IN ('leave', 'left')", name=op.f("ck_engineer_status_period_status")),
        sa.ForeignKeyConstraint(
            ["engineer_id"], ["engineer.id"], name=op.f("fk_engineer_status_period_engineer_id_engineer")
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["organization.id"],
            name=op.f("fk_engineer_status_period_supplier_id_organization"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engineer_status_period")),
    )
    with op.batch_alter_table("engineer_status_period", schema=None) as batch_op:
        batch_op.create_index(
            "ix_engineer_status_period_engineer", ["engineer_id", "starts_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_engineer_status_period_supplier_id"), ["supplier_id"], unique=False
        )
    _date_existing_statuses()


def downgrade() -> None:
    with op.batch_alter_table("engineer_status_period", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_engineer_status_period_supplier_id"))
        batch_op.drop_index("ix_engineer_status_period_engineer")
    op.drop_table("engineer_status_period")
