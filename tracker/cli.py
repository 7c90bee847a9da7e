"""Command line: init-db, demo, create-user, recompute, backup, restore."""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from alembic.config import Config
from flask import Flask, current_app
from sqlalchemy import select

from tracker import clock, db
from tracker import demo as demo_data
from tracker.auth import passwords
from tracker.auth.login import hash_password
from tracker.digests import messages as digests
from tracker.digests.mail import send as send_mail
from tracker.heatmap import stored as current_scores
from tracker.models import Organization, User
from tracker.models.organizations import ORG_KINDS, ROLES
from tracker.ops import service as ops
from tracker.processes.taxonomy import ensure_categories

MIGRATIONS = Path(__file__).parent / "migrations"
POLICY = {
    "password_short": f"The password needs at least {passwords.MIN_LENGTH} characters (a phrase is fine).",
    "password_long": f"The password may have at most {passwords.MAX_LENGTH} characters.",
    "password_common": "This password is too common or too easy to guess.",
    "password_context": "This password is made of the name, the email or the product's name.",
}
"""The password policy's refusals in the operator's words (the command line speaks English)."""


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str) -> None:
    """Bring the database at `url` to the newest schema."""
    command.upgrade(alembic_config(url), "head")


def init_app(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(demo)
    app.cli.add_command(create_user)
    app.cli.add_command(recompute)
    app.cli.add_command(send_digests)
    app.cli.add_command(backup)
    app.cli.add_command(restore)


@click.command("init-db")
def init_db() -> None:
    """Create or upgrade the database schema (Alembic migrations)."""
    upgrade(current_app.config["DATABASE_URL"])
    ensure_categories(db.session())
    db.session().commit()
    click.echo("Database is at the newest schema.")


@click.command("demo")
@click.option("--seed", default=7, help="Random seed, for a repeatable demo.")
def demo(seed: int) -> None:
    """Load the demo data (a buyer and several suppliers) into an empty database."""
    upgrade(current_app.config["DATABASE_URL"])
    session = db.session()
    if session.scalar(select(Organization.id).limit(1)) is not None:
        raise click.ClickException("The database already holds data; the demo needs an empty one.")
    logins = demo_data.load(session, seed=seed)
    session.commit()
    click.echo(f"Demo data loaded. Logins (password for all: {demo_data.PASSWORD}):")
    for email, what in logins:
        click.echo(f"  {email:32} {what}")


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--organization", "org_code", required=True, help="Organization code.")
@click.option(
    "--new-organization",
    "new_kind",
    type=click.Choice(ORG_KINDS),
    help="Create the organization first, of this kind, named after its code.",
)
@click.option("--role", type=click.Choice(ROLES), default="admin")
@click.password_option()
def create_user(email: str, name: str, org_code: str, new_kind: str | None, role: str, password: str) -> None:
    """Create a user in an organization (and the organization, with --new-organization)."""
    session = db.session()
    org = session.scalar(select(Organization).where(Organization.code == org_code))
    if org is None and new_kind:
        org = Organization(name=org_code, code=org_code, kind=new_kind)
        session.add(org)
        session.flush()
    if org is None:
        raise click.ClickException(f"No organization with code {org_code!r}.")
    if session.scalar(select(User.id).where(User.email == email.lower())) is not None:
        raise click.ClickException(f"A user with email {email!r} exists already.")
    refusal = passwords.policy_refusal(password, (email, name))
    if refusal:
        raise click.ClickException(POLICY[refusal])
    session.add(
        User(
            organization_id=org.id,
            email=email.lower(),
            name=name,
            role=role,
            password_hash=hash_password(password),
        )
    )
    session.commit()
    click.echo(f"Created {role} {email} in {org.name}.")


@click.command("recompute")
def recompute() -> None:
    """Recompute the stored process scores for today.

    The first heatmap request of a day does it anyway; a nightly run (cron, after midnight)
    spares that request the wait.
    """
    horizon = current_app.config["SCORING_HORIZON_YEARS"]
    done = current_scores.ensure(db.session(), clock.today(), horizon)
    click.echo("Stored scores recomputed for today." if done else "Stored scores were already today's.")


@click.command("send-digests")
def send_digests() -> None:
    """Send today's e-mail digest to every supplier user who asked for it (run daily from cron).

    A user whose digest has nothing new gets none; either way the day counts as done for them, so
    a second run the same day sends nothing twice. A failed delivery leaves the day open.
    """
    app, session, today = current_app._get_current_object(), db.session(), clock.today()
    sent = quiet = 0
    for user in digests.recipients(session, today):
        mail = digests.compose(app, session, user, today)
        if mail is not None:
            try:
                send_mail(app.config, [mail])
            except OSError as error:  # smtplib's errors are OSErrors too
                session.rollback()
                raise click.ClickException(f"Could not send the digest to {user.email}: {error}") from error
            sent += 1
        else:
            quiet += 1
        user.digest_sent_on = today
        session.commit()
    click.echo(f"Digests sent: {sent}; nothing new for {quiet}.")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup(path: Path) -> None:
    """Copy the SQLite database to PATH while the app serves (SQLite's online backup API).

    For PostgreSQL use pg_dump (see README).
    """
    try:
        ops.backup(current_app.config["DATABASE_URL"], path)
    except ops.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up to {path} (integrity check passed).")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.confirmation_option(prompt="Replace the whole database with the backup? Stop the app first.")
def restore(path: Path) -> None:
    """Replace the SQLite database with the backup at PATH, after an integrity check."""
    db.engine().dispose()
    try:
        ops.restore(current_app.config["DATABASE_URL"], path)
    except ops.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored from {path}.")
