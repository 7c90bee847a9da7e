"""The heatmap figures of the pages: translated labels, hover text and drill-down links around charts.py.

Hover text is built here, on the server, from scores only: no heatmap figure carries a person.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from flask_babel import get_locale
from flask_babel import gettext as _

from tracker.heatmap import charts
from tracker.heatmap.service import Heatmap
from tracker.labels import BAND_LABELS, code_name


def toolbar_texts() -> dict[str, str]:
    """plotly's toolbar tooltips (its English text) in the user's language."""
    return {
        "Download plot as a PNG": _("Download as PNG"),
        "Zoom": _("Zoom"),
        "Pan": _("Pan"),
        "Zoom in": _("Zoom in"),
        "Zoom out": _("Zoom out"),
        "Autoscale": _("Autoscale"),
        "Reset axes": _("Reset axes"),
        "Double-click to zoom back out": _("Double-click to zoom back out"),
    }


def in_language(figure: dict, locale: str | None = None) -> dict:
    """The figure with plotly's toolbar in `locale` (by default the user's language)."""
    return charts.in_language(figure, locale or str(get_locale()), toolbar_texts())


def band_ticks() -> list[str]:
    """The colour bar's labels at D = 0, 25, 50, 75 and 100: the band thresholds and names."""
    return [
        _("0 · covered"),
        str(BAND_LABELS["watch"]),
        _("50 · high from here"),
        str(BAND_LABELS["high"]),
        _("100 · critical"),
    ]


def _hover(supplier: str, category: str) -> str:
    lines = [
        f"<b>{supplier}</b>",
        _("Category: %(category)s", category=category),
        _("Dependency D: %(d)s (%(band)s)", d="%{z:.0f}", band="%{customdata[0]}"),
        _("Qualified Q: %(q)s · effective E: %(e)s", q="%{customdata[1]}", e="%{customdata[2]}"),
        _("Worst process: %(process)s", process="%{customdata[3]}"),
        _("Critical processes in this cell: %(count)s", count="%{customdata[4]}"),
    ]
    return "<br>".join(lines) + "<extra></extra>"


def buyer_figure(heatmap: Heatmap, locale: str, transpose: bool, link_template: str) -> dict:
    """Rows = categories and columns = partners (or transposed).

    `link_template`: the drill-down's URL with "{supplier}" and "{category}" where the ids go.
    """
    partners = heatmap.partners
    categories = heatmap.categories
    column = {partner.supplier_id: i for i, partner in enumerate(partners)}
    row = {category.id: j for j, category in enumerate(categories)}
    z: list[list[float | None]] = [[None] * len(partners) for _ in categories]
    customdata: list[list] = [[None] * len(partners) for _ in categories]
    bands = {band: str(label) for band, label in BAND_LABELS.items()}
    for cell in heatmap.cells:
        j, i = row[cell.category_id], column[cell.supplier_id]
        z[j][i] = round(cell.dependency, 1)
        customdata[j][i] = [
            bands[cell.band],
            cell.qualified,
            f"{cell.effective:.1f}",
            escape(code_name(cell.code, cell.name), quote=False),
            cell.processes,
        ]
    supplier_labels = unique([escape(p.name, quote=False) for p in partners])
    category_labels = unique([escape(c.name(locale), quote=False) for c in categories])
    supplier_ids, category_ids = list(column), list(row)
    if transpose:
        figure = charts.dependency_heatmap(
            category_labels,
            supplier_labels,
            _transposed(z),
            _transposed(customdata),
            hovertemplate=_hover("%{y}", "%{x}"),
            tick_labels=band_ticks(),
            x_title=_("Process category"),
            y_title=_("Supplier"),
            colorbar_title=_("Dependency D"),
            links=(link_template.format(supplier="{y}", category="{x}"), category_ids, supplier_ids),
        )
        return in_language(figure, locale)
    figure = charts.dependency_heatmap(
        supplier_labels,
        category_labels,
        z,
        customdata,
        hovertemplate=_hover("%{x}", "%{y}"),
        tick_labels=band_ticks(),
        x_title=_("Supplier"),
        y_title=_("Process category"),
        colorbar_title=_("Dependency D"),
        links=(link_template.format(supplier="{x}", category="{y}"), supplier_ids, category_ids),
    )
    return in_language(figure, locale)


def unique(labels: list[str]) -> list[str]:
    """The labels, a duplicate numbered ("Name #2"): a plotly category axis merges equal labels."""
    seen: dict[str, int] = {}
    result = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        result.append(label if seen[label] == 1 else f"{label} #{seen[label]}")
    return result


def _transposed(matrix: list[list]) -> list[list]:
    return [list(column) for column in zip(*matrix, strict=True)] if matrix else []


def own_figure(
    rows: list[str],
    sites: list[str],
    cells: dict[tuple[int, int], tuple],
    row_title: str,
    link: Callable[[int], str | None],
) -> dict:
    """A supplier's own map, `rows` x `sites`; cells[(row, site)] = (worst scored, count, category)."""
    z: list[list[float | None]] = []
    customdata: list[list] = []
    for r in range(len(rows)):
        z_row, data_row = [], []
        for s in range(len(sites)):
            cell = cells.get((r, s))
            if cell is None:
                z_row.append(None)
                data_row.append(None)
                continue
            item, count, target = cell
            score = item.score
            z_row.append(round(score.dependency, 1))
            data_row.append(
                [
                    str(BAND_LABELS[score.band]),
                    score.qualified,
                    f"{score.effective:.1f}",
                    escape(code_name(item.process.code, item.process.name), quote=False),
                    count,
                    link(target),
                ]
            )
        z.append(z_row)
        customdata.append(data_row)
    hover = "<br>".join(
        [
            "<b>%{y}</b>",
            _("Site: %(site)s", site="%{x}"),
            _("Dependency D: %(d)s (%(band)s)", d="%{z:.0f}", band="%{customdata[0]}"),
            _("Qualified Q: %(q)s · effective E: %(e)s", q="%{customdata[1]}", e="%{customdata[2]}"),
            _("Worst process: %(process)s", process="%{customdata[3]}"),
            _("Critical processes in this cell: %(count)s", count="%{customdata[4]}"),
        ]
    )
    figure = charts.dependency_heatmap(
        [escape(site, quote=False) for site in sites],
        [escape(row, quote=False) for row in rows],
        z,
        customdata,
        hovertemplate=hover + "<extra></extra>",
        tick_labels=band_ticks(),
        x_title=_("Site"),
        y_title=row_title,
        colorbar_title=_("Dependency D"),
    )
    return in_language(figure)
