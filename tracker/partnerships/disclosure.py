"""What a buyer may see of a partner supplier's people, by disclosure level: the one place.

- `aggregate` (the default): scores, counts and bands only; no person at all, not even an alias.
- `pseudonymous`: persons appear under a stable per-buyer alias such as "K-07"; never a name,
  an employee code or an engineer's site.
- `named`: persons appear under their names (still no employee code).

Aliases are stored (`EngineerAlias`) and assigned on first use: one random letter per (buyer,
supplier) pair and the pair's next number, numbers handed out in random order. They are stable
for that buyer, unrelated to the name (nothing is derived from it, so nothing can be reversed),
and another buyer draws its own letter and order. A random key in the database was the other
candidate; a table needs no key management and lets an alias never collide within a supplier.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.models import Engineer, EngineerAlias
from tracker.models.organizations import DISCLOSURES

LEVELS = DISCLOSURES
# No I, L, O or U: those letters name skill levels (ILUO); no Q either (it names the headcount).
ALIAS_LETTERS = "ABCDEFGHJKMNPRSTVWXYZ"
_random = secrets.SystemRandom()


@dataclass(frozen=True)
class Policy:
    """What one disclosure level reveals of a supplier's people."""

    level: str
    people: bool  # individual persons appear (as aliases or names), not only counts
    names: bool  # under their real names


POLICIES = {
    "aggregate": Policy("aggregate", people=False, names=False),
    "pseudonymous": Policy("pseudonymous", people=True, names=False),
    "named": Policy("named", people=True, names=True),
}


def policy(level: str) -> Policy:
    """The policy of `level`; anything unknown reveals the least."""
    return POLICIES.get(level, POLICIES["aggregate"])


def person_labels(
    session: Session, buyer_id: int, supplier_id: int, level: str, engineer_ids: Iterable[int]
) -> dict[int, str]:
    """How each of the supplier's engineers appears to the buyer: nothing, an alias or a name.

    Under `aggregate` the answer is empty: callers show counts only. Ids of another supplier's
    engineers are dropped. May add aliases to the session (the caller commits).
    """
    rule = policy(level)
    ids = set(engineer_ids)
    if not rule.people or not ids:
        return {}
    if rule.names:
        rows = session.execute(
            select(Engineer.id, Engineer.name).where(
                Engineer.id.in_(ids), Engineer.supplier_id == supplier_id
            )
        )
        return dict(rows.all())
    return aliases(session, buyer_id, supplier_id, ids)


def aliases(session: Session, buyer_id: int, supplier_id: int, engineer_ids: Iterable[int]) -> dict[int, str]:
    """The buyer's aliases for these engineers of the supplier, assigning the missing ones."""
    ids = set(
        session.scalars(
            select(Engineer.id).where(Engineer.id.in_(set(engineer_ids)), Engineer.supplier_id == supplier_id)
        )
    )
    pair = (EngineerAlias.buyer_id == buyer_id, EngineerAlias.supplier_id == supplier_id)
    known = {
        row.engineer_id: row
        for row in session.scalars(select(EngineerAlias).where(*pair, EngineerAlias.engineer_id.in_(ids)))
    }
    missing = sorted(ids - known.keys())
    if missing:
        prefix, top = session.execute(
            select(func.min(EngineerAlias.prefix), func.max(EngineerAlias.number)).where(*pair)
        ).one()
        prefix = prefix or _random.choice(ALIAS_LETTERS)
        _random.shuffle(missing)
        for number, engineer_id in enumerate(missing, start=(top or 0) + 1):
            row = EngineerAlias(
                buyer_id=buyer_id,
                engineer_id=engineer_id,
                supplier_id=supplier_id,
                prefix=prefix,
                number=number,
            )
            session.add(row)
            known[engineer_id] = row
        session.flush()
    return {engineer_id: row.label for engineer_id, row in known.items()}
