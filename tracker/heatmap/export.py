"""The buyer's heatmap as CSV: the selected critical processes of the partners, scores only."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from tracker.heatmap.service import Filters, Portfolio
from tracker.labels import BAND_LABELS


def portfolio_csv(portfolio: Portfolio, filters: Filters, locale: str) -> str:
    """One row per selected process, with a BOM so that Excel reads the UTF-8 (Japanese names)."""
    partners = {p.supplier_id: p for p in portfolio.partners}
    categories = {c.id: c for c in portfolio.categories}
    out = io.StringIO()
    writer = csv.writer(out)
    header = [_("Supplier"), _("Supplier code"), _("Category"), _("Process"), _("Process name")]
    writer.writerow([*header, _("Criticality"), _("Site"), "R", "Q", "E", "T", "D", _("Band")])
    selected = sorted(
        portfolio.selected(filters),
        key=lambda p: (partners[p.supplier_id].name, categories[p.category_id].position, p.code),
    )
    for process in selected:
        partner = partners[process.supplier_id]
        writer.writerow(
            [
                partner.name,
                partner.code,
                categories[process.category_id].name(locale),
                process.code,
                process.name,
                process.criticality,
                process.site,
                process.required,
                process.qualified,
                f"{process.effective:.2f}",
                process.trainers,
                f"{process.dependency:.0f}",
                str(BAND_LABELS[process.band]),
            ]
        )
    return "\ufeff" + out.getvalue()
