"""Share links: a read-only link to one meeting's view for attendees without an account.

The buyer admin creates one (valid 1 to 30 days, 7 by default), sees its URL once, and may revoke
it. The URL carries a token: the link's id and a random secret, signed with the application's
secret key (itsdangerous). Only the secret's SHA-256 is stored, so the database alone cannot
rebuild a URL, and the signature turns a tampered token away before the database is asked.

`resolve` is the one rule of whether a token opens anything: a good signature, a known link, the
secret's hash, not revoked, not expired, and a partnership still in force with at least one of
the meeting's suppliers. Anything else is `tenancy.NotFound` (a 404 that shows nothing). What the
link then shows is the buyer's view under the disclosure in force when it is opened
(`tracker.meetings.page.build` with the buyer's scope). Creating and revoking are audited in the
buyer's and the suppliers' trails; the caller commits. No Flask.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.audit import service as audit
from tracker.meetings.service import disclosures
from tracker.models import EngineerAlias, PartnerMeeting, ShareLink
from tracker.refusals import Refused
from tracker.tenancy import NotFound, Scope, is_id, own_meetings

DEFAULT_DAYS = 7
MIN_DAYS, MAX_DAYS = 1, 30
SALT = "densho.meeting-share-link"


def _signer(secret_key: str | bytes) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt=SALT)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _audit(
    session: Session, meeting: PartnerMeeting, user_id: int | None, action: str, link: ShareLink
) -> None:
    for organization_id in (meeting.buyer_id, *meeting.supplier_ids):
        audit.record(
            session, organization_id, user_id, action, "share_link", link.id, {"expires_at": link.expires_at}
        )


def create(
    session: Session,
    meeting: PartnerMeeting,
    user_id: int | None,
    now: datetime,
    secret_key: str | bytes,
    days: int = DEFAULT_DAYS,
) -> tuple[ShareLink, str]:
    """A new link to the meeting, valid `days` days from `now`, and its token (shown once: only
    the secret's hash is kept). Refused when `days` is outside 1 to 30, or when no supplier of the
    meeting is a partner any more (the link could show nothing)."""
    if not isinstance(days, int) or isinstance(days, bool) or not MIN_DAYS <= days <= MAX_DAYS:
        raise Refused("share_days", "days", low=MIN_DAYS, high=MAX_DAYS)
    if not disclosures(session, meeting.buyer_id, meeting.supplier_ids):
        raise Refused("share_no_partner")
    secret = secrets.token_urlsafe(32)
    link = ShareLink(
        meeting_id=meeting.id,
        secret_hash=_digest(secret),
        created_by=user_id,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(link)
    session.flush()
    _audit(session, meeting, user_id, "create", link)
    return link, _signer(secret_key).dumps([link.id, secret])


def resolve(session: Session, token: str, secret_key: str | bytes, now: datetime) -> ShareLink:
    """The link this token opens now; NotFound for a bad signature, an unknown link or secret, a
    revoked or expired link, or a meeting none of whose suppliers is a partner any more."""
    try:
        payload: Any = _signer(secret_key).loads(token)
    except BadSignature:
        raise NotFound("ShareLink") from None
    if not (isinstance(payload, list) and len(payload) == 2 and is_id(payload[0])):
        raise NotFound("ShareLink")
    link_id, secret = payload
    link = session.get(ShareLink, link_id)
    if (
        link is None
        or not isinstance(secret, str)
        or not hmac.compare_digest(_digest(secret), link.secret_hash)
    ):
        raise NotFound("ShareLink")
    if state(link, now) != "active":
        raise NotFound("ShareLink")
    meeting = session.get(PartnerMeeting, link.meeting_id)
    if meeting is None or not disclosures(session, meeting.buyer_id, meeting.supplier_ids):
        raise NotFound("ShareLink")
    return link


def state(link: ShareLink, now: datetime) -> str:
    """ "active", "revoked" or "expired"."""
    if link.revoked_at is not None:
        return "revoked"
    if link.expires_at <= now:
        return "expired"
    return "active"


def listing(session: Session, meeting: PartnerMeeting) -> list[ShareLink]:
    """The meeting's links, the newest first (active, expired and revoked alike)."""
    return list(
        session.scalars(
            select(ShareLink)
            .where(ShareLink.meeting_id == meeting.id)
            .order_by(ShareLink.created_at.desc(), ShareLink.id.desc())
        )
    )


def own_link(session: Session, scope: Scope, link_id: Any) -> ShareLink:
    """A link of a meeting the acting organization is a side of (`tenancy.own_meetings`);
    NotFound otherwise."""
    found = None
    if is_id(link_id):
        meetings = own_meetings(scope).with_only_columns(PartnerMeeting.id)
        found = session.scalar(
            select(ShareLink).where(ShareLink.id == link_id, ShareLink.meeting_id.in_(meetings))
        )
    if found is None:
        raise NotFound("ShareLink")
    return found


def revoke(session: Session, link: ShareLink, user_id: int | None, now: datetime) -> None:
    """Revoke the link from `now` on (revoking it again changes nothing)."""
    if link.revoked_at is not None:
        return
    link.revoked_at = now
    meeting = session.get(PartnerMeeting, link.meeting_id)
    _audit(session, meeting, user_id, "revoke", link)


def alias_holders(session: Session, buyer_id: int) -> set[int]:
    """The engineers the buyer has a stored alias for. A share link shows a pseudonymous person
    only under a stored alias: the link writes nothing, so it never hands out an alias itself."""
    return set(session.scalars(select(EngineerAlias.engineer_id).where(EngineerAlias.buyer_id == buyer_id)))
