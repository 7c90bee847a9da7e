"""The digests as e-mails: who gets one today, in their language, with links back to the pages."""

from __future__ import annotations

from datetime import date, timedelta
from email.message import EmailMessage

from flask import Flask, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tracker.digests import service
from tracker.digests.mail import message
from tracker.models import Organization, User
from tracker.tenancy import Scope


def recipients(session: Session, today: date) -> list[User]:
    """Active supplier users who opted in and have had no digest today."""
    return list(
        session.scalars(
            select(User)
            .join(Organization, Organization.id == User.organization_id)
            .where(
                User.digest.is_(True),
                User.active.is_(True),
                Organization.active.is_(True),
                Organization.kind == "supplier",
                or_(User.digest_sent_on.is_(None), User.digest_sent_on < today),
            )
            .order_by(User.id)
        )
    )


def compose(app: Flask, session: Session, user: User, today: date) -> EmailMessage | None:
    """The user's digest for `today` as an e-mail, or None when there is nothing new to say."""
    since = user.digest_sent_on or today - timedelta(days=1)
    scope = Scope.of(user.organization)
    digest = service.build(session, scope, today, since, horizon=app.config["SCORING_HORIZON_YEARS"])
    if digest.is_empty:
        return None
    locale = user.locale or app.config["BABEL_DEFAULT_LOCALE"]
    with app.test_request_context(base_url=app.config["BASE_URL"]), force_locale(locale):
        organization = user.organization.display_name(locale)
        subject = _(
            "Densho: what changed at %(organization)s (%(day)s)", organization=organization, day=today
        )
        text = render_template("digests/digest.txt", digest=digest, user=user, organization=organization)
    return message(app.config["MAIL_DEFAULT_SENDER"], user.email, subject, text)
