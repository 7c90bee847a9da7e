"""An organization's settings: its names in Japanese and English, its sites and time zone.

The first run of a new organization is the first save of these settings (`set_up_at`); until
then its admins are sent here from the start page. No Flask here.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from zoneinfo import available_timezones

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from tracker.audit import service as audit
from tracker.models import Engineer, Organization, Process
from tracker.refusals import Refused
from tracker.tenancy import Scope, scoped

MAX_SITES = 30
MAX_SITE_LENGTH = 100


@cache
def time_zones() -> tuple[str, ...]:
    """The IANA time zones a setting may name, sorted."""
    return tuple(sorted(available_timezones()))


def own(session: Session, scope: Scope) -> Organization:
    """The scope's own organization."""
    return session.get_one(Organization, scope.organization_id)


def needs_first_run(organization: Organization) -> bool:
    """True until an admin has saved the organization's settings once."""
    return organization.set_up_at is None


def clean_sites(text: str) -> list[str]:
    """The sites typed one per line (or separated by commas): trimmed, empty and repeated ones
    dropped, in the order given."""
    sites: list[str] = []
    for line in text.replace("、", ",").replace(",", "\n").splitlines():
        site = " ".join(line.split())
        if site and site not in sites:
            sites.append(site)
    if len(sites) > MAX_SITES:
        raise Refused("too_many_sites", "sites", limit=MAX_SITES)
    if any(len(site) > MAX_SITE_LENGTH for site in sites):
        raise Refused("site_too_long", "sites", limit=MAX_SITE_LENGTH)
    return sites


def update(
    session: Session,
    scope: Scope,
    user_id: int,
    *,
    name: str,
    name_en: str,
    sites: list[str],
    timezone: str,
    now: datetime,
) -> Organization:
    """Save the settings (the first save completes the first run); audited. The caller commits."""
    if timezone not in time_zones():
        raise Refused("unknown_time_zone", "timezone")
    organization = own(session, scope)
    values = {"name": name.strip(), "name_en": name_en.strip(), "sites": sites, "timezone": timezone}
    changes = {key: value for key, value in values.items() if getattr(organization, key) != value}
    for key, value in values.items():
        setattr(organization, key, value)
    first_run = needs_first_run(organization)
    if first_run:
        organization.set_up_at = now
    if changes or first_run:
        audit.record(session, organization.id, user_id, "update", "organization", organization.id, changes)
    return organization


def site_choices(session: Session, scope: Scope) -> list[str]:
    """The sites to offer where one is typed: the organization's own list, then the other sites
    its engineers and processes already name, alphabetically."""
    listed = own(session, scope).sites
    in_use = union(
        scoped(scope, Engineer, Engineer.site).where(Engineer.site != ""),
        scoped(scope, Process, Process.site).where(Process.site != ""),
    )
    others = sorted(set(session.scalars(select(in_use.subquery().c[0]))) - set(listed))
    return [*listed, *others]
