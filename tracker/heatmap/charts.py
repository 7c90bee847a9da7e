"""Plotly figures, built in Python as plain figure dicts for plotly.js: no Flask, no request state.

Dicts rather than `plotly.graph_objects`, because validating a 200 x 40 heatmap with its hover data
takes over half a second; the tests validate every figure against plotly's schema instead.
Every label and hover template arrives translated and HTML-escaped from the caller.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from tracker.scoring import BAND_COLOURS

# Dependency 0-100 on the band colours, stepping at the band thresholds 0+, 50 and 100 so that the
# bands read off the colour: covered at 0, watch light blue up to its colour just below 50, high
# from its colour at 50 to a red-orange, critical at 100.
DEPENDENCY_SCALE = [
    [0.0, BAND_COLOURS["covered"]],
    [0.001, "#4393c3"],
    [0.25, "#92c5de"],
    [0.4999, BAND_COLOURS["watch"]],
    [0.5, BAND_COLOURS["high"]],
    [0.9999, "#d7301f"],
    [1.0, BAND_COLOURS["critical"]],
]
DEPENDENCY_TICKS = (0, 25, 50, 75, 100)
# ILUO levels 0-4, the colours of the 星取表 grid (static/css/densho.css --lv0 .. --lv4), 0 greyed.
LEVEL_COLOURS = ("#eef1f4", "#deebf7", "#9ecae1", "#3182bd", "#08306b")
FONT = {"family": 'system-ui, "Hiragino Sans", "Noto Sans JP", "Yu Gothic", sans-serif', "size": 14}
CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
CATEGORIES = {"type": "category", "showgrid": False, "zeroline": False}
BLANK = "#eceef1"  # the plot background: a cell with no critical process shows it, unlike D = 0 (blue)
SHOW_VALUES_UP_TO = 600  # cells; beyond, numbers in the cells would not be legible


def _size(rows: int, row_px: int) -> dict:
    return {"height": max(320, 150 + row_px * rows), "autosize": True}


def dependency_heatmap(
    x: Sequence[str],
    y: Sequence[str],
    z: list[list[float | None]],
    customdata: list[list[Any]],
    *,
    hovertemplate: str,
    tick_labels: Sequence[str],
    x_title: str,
    y_title: str,
    colorbar_title: str,
    links: tuple[str, Sequence[Any], Sequence[Any]] | None = None,
) -> dict:
    """A dependency heatmap: D 0-100 on the fixed band scale; None cells stay blank (not 0).

    `tick_labels` name the colour bar's ticks at 0, 25, 50, 75 and 100. `links` = (template,
    x keys, y keys): a click on a cell opens the template with "{x}" and "{y}" replaced by the
    cell's column and row keys (static/js/heatmap.js); one template instead of a link per cell.
    """
    cells = sum(1 for row in z for value in row if value is not None)
    trace: dict[str, Any] = {
        "type": "heatmap",
        "x": list(x),
        "y": list(y),
        "z": z,
        "customdata": customdata,
        "zmin": 0,
        "zmax": 100,
        "zauto": False,
        "colorscale": DEPENDENCY_SCALE,
        "xgap": 3,
        "ygap": 3,
        "hoverongaps": False,
        "hovertemplate": hovertemplate,
        "colorbar": {
            "title": {"text": colorbar_title},
            "tickmode": "array",
            "tickvals": list(DEPENDENCY_TICKS),
            "ticktext": list(tick_labels),
            "outlinewidth": 1,
        },
    }
    if cells <= SHOW_VALUES_UP_TO:
        trace["texttemplate"] = "%{z:.0f}"
        trace["textfont"] = {"size": 15}
    meta = {}
    if links:
        meta["meta"] = {"links": {"template": links[0], "x": list(links[1]), "y": list(links[2])}}
    return {
        "data": [trace],
        "layout": {
            **meta,
            **_size(len(y), 44 if len(y) <= 20 else 22),
            "font": FONT,
            "margin": {"t": 40, "r": 20, "b": 20, "l": 20},
            "xaxis": {"title": {"text": x_title}, "side": "top", "automargin": True, **CATEGORIES},
            "yaxis": {"title": {"text": y_title}, "autorange": "reversed", "automargin": True, **CATEGORIES},
            "plot_bgcolor": BLANK,
            "paper_bgcolor": "#ffffff",
            "hoverlabel": {"font": {"size": 15}},
        },
        "config": CONFIG,
    }


def level_heatmap(
    x: Sequence[str],
    y: Sequence[str],
    z: list[list[int]],
    text: list[list[str]],
    *,
    level_labels: Sequence[str],
    hovertemplate: str,
) -> dict:
    """The skills matrix as a heatmap: engineers (y) x processes (x), the ILUO level as colour."""
    scale: list[list[Any]] = []
    for level, colour in enumerate(LEVEL_COLOURS):
        scale += [[level / 5, colour], [(level + 1) / 5, colour]]
    trace = {
        "type": "heatmap",
        "x": list(x),
        "y": list(y),
        "z": z,
        "text": text,
        "texttemplate": "%{text}",
        "zmin": -0.5,
        "zmax": 4.5,
        "zauto": False,
        "colorscale": scale,
        "xgap": 1,
        "ygap": 1,
        "hovertemplate": hovertemplate,
        "colorbar": {
            "tickmode": "array",
            "tickvals": [0, 1, 2, 3, 4],
            "ticktext": list(level_labels),
            "outlinewidth": 1,
        },
    }
    return {
        "data": [trace],
        "layout": {
            **_size(len(y), 20),
            "font": {**FONT, "size": 12},
            "margin": {"t": 30, "r": 10, "b": 10, "l": 10},
            "xaxis": {"side": "top", "automargin": True, "tickangle": -60, **CATEGORIES},
            "yaxis": {"autorange": "reversed", "automargin": True, **CATEGORIES},
            "plot_bgcolor": "#ffffff",
            "paper_bgcolor": "#ffffff",
        },
        "config": CONFIG,
    }


def in_language(figure: dict, locale: str, dictionary: dict[str, str]) -> dict:
    """`figure` with plotly's own texts (the toolbar's tooltips) in `locale`, from `dictionary`
    (plotly's English text -> the translation)."""
    if locale == "en":
        return figure
    config = {**figure["config"], "locale": locale, "locales": {locale: {"dictionary": dictionary}}}
    return {**figure, "config": config}


def to_json(figure: dict) -> str:
    """The figure as compact JSON, safe to embed in HTML (no raw <, > or &)."""
    text = json.dumps(figure, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
