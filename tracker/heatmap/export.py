"""The buyer's heatmap as CSV: the selected critical processes of the partners, scores only.

Written through the one export writer (`tracker.spreadsheets.exports`), so text a spreadsheet
would run as a formula (a supplier-typed process name such as "=HYPERLINK(...)") is escaped.
"""

from __future__ import annotations

from flask_babel import gettext as _

from tracker.heatmap.service import Filters, Portfolio
from tracker.labels import BAND_LABELS
from tracker.spreadsheets.exports import Table, to_csv


def portfolio_csv(portfolio: Portfolio, filters: Filters, locale: str) -> bytes:
    """One row per selected process, UTF-8 with a BOM so that Excel reads the Japanese names."""
    partners = {p.supplier_id: p for p in portfolio.partners}
    categories = {c.id: c for c in portfolio.categories}
    header = [_("Supplier"), _("Supplier code"), _("Category"), _("Process"), _("Process name")]
    header += [_("Criticality"), _("Site"), "R", "Q", "E", "T", "D", _("Band")]
    selected = sorted(
        portfolio.selected(filters),
        key=lambda p: (partners[p.supplier_id].name, categories[p.category_id].position, p.code),
    )
    rows = [
        [
            partners[process.supplier_id].name,
            partners[process.supplier_id].code,
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
        for process in selected
    ]
    return to_csv(Table(_("Heatmap"), header, rows))
