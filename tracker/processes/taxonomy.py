"""The standard process categories every supplier's processes map to, so heatmaps align."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import ProcessCategory

STANDARD_CATEGORIES: tuple[tuple[str, str, str], ...] = (
    # (code, name_en, name_ja), in display order
    ("welding", "Welding", "溶接"),
    ("heat_treatment", "Heat treatment", "熱処理"),
    ("cnc_machining", "CNC machining", "NC加工"),
    ("grinding", "Grinding", "研削"),
    ("press_forming", "Press forming", "プレス加工"),
    ("casting", "Casting", "鋳造"),
    ("injection_molding", "Injection molding", "射出成形"),
    ("plating", "Plating", "めっき"),
    ("painting", "Painting", "塗装"),
    ("assembly", "Assembly", "組立"),
    ("inspection", "Inspection", "検査"),
    ("die_maintenance", "Die & mould maintenance", "金型保全"),
)


def ensure_categories(session: Session) -> None:
    """Add the standard categories that are missing (matched by code); the caller commits.

    Existing rows are left as they are, so running it again changes nothing.
    """
    existing = set(session.scalars(select(ProcessCategory.code)))
    for position, (code, name_en, name_ja) in enumerate(STANDARD_CATEGORIES, start=1):
        if code not in existing:
            session.add(ProcessCategory(code=code, name_en=name_en, name_ja=name_ja, position=position))
    session.flush()
