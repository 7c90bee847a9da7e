"""What a write did to the scores (`tracker.effect`), flashed in the user's language."""

from __future__ import annotations

from collections.abc import Sequence

from flask import flash
from flask_babel import gettext as _

from tracker.effect import ScoreChange
from tracker.labels import BAND_LABELS


def _d(value: float) -> str:
    return f"{value:.0f}"


def describe(change: ScoreChange) -> str:
    """One process's change in one line, e.g. "NC-01: Q 1 → 2, D 100 → 0, now covered"."""
    band = BAND_LABELS[change.band_after]
    if not change.changed:
        return _(
            "%(process)s: scores unchanged (Q %(q)d, D %(d)s, %(band)s).",
            process=change.code,
            q=change.q_after,
            d=_d(change.d_after),
            band=band,
        )
    parts = []
    if change.q_before != change.q_after:
        parts.append(_("Q %(before)d → %(after)d", before=change.q_before, after=change.q_after))
    if _d(change.d_before) != _d(change.d_after):
        parts.append(_("D %(before)s → %(after)s", before=_d(change.d_before), after=_d(change.d_after)))
    if change.band_before != change.band_after:
        parts.append(_("now %(band)s", band=band))
    return _("%(process)s: %(changes)s.", process=change.code, changes=_(", ").join(parts))


def flash_effect(changes: Sequence[ScoreChange], *, projected: bool = False) -> None:
    """Flash each process whose scores moved; when none did, say so (with the scores of a single
    process). `projected` says they are the projection's (open plans counted as delivered)."""
    lines = [describe(change) for change in changes if change.changed]
    if not lines and len(changes) == 1:
        lines = [describe(changes[0])]
    elif not lines and changes:
        lines = [_("No score changed.")]
    for line in lines:
        flash(_("In the projection: %(line)s", line=line) if projected else line, "info")
