"""The skills matrix as a plotly figure (the "heatmap" view of the matrix page)."""

from __future__ import annotations

from html import escape

from tracker.heatmap import charts
from tracker.heatmap.figures import in_language, unique
from tracker.labels import LEVEL_NAMES, level_symbol
from tracker.skills.matrix import Matrix


def level_figure(matrix: Matrix) -> dict:
    """The skills matrix as a figure: engineers x processes, the level as colour, "!" on an expired one."""
    z = [[level for _pid, level, _expired in row.cells] for row in matrix.rows]
    text = [
        [
            (level_symbol(level) if level else "") + ("!" if expired else "")
            for _pid, level, expired in row.cells
        ]
        for row in matrix.rows
    ]
    figure = charts.level_heatmap(
        unique([escape(column.process.code) for column in matrix.columns]),
        unique([escape(row.engineer.name) for row in matrix.rows]),
        z,
        text,
        level_labels=[str(LEVEL_NAMES[level]) for level in range(5)],
        hovertemplate="%{y}<br>%{x}: %{text} (%{z})<extra></extra>",
    )
    return in_language(figure)
