"""The matrix's cells as HTML, built in Python: a 100 x 40 grid is 4,000 cells, and rendering
each through Jinja costs more than the whole page may take."""

from __future__ import annotations

from markupsafe import Markup

from tracker.models.skills import LEVEL_LETTERS


def cells_html(engineer_id: int, cells: list[tuple[int, int, bool]], skills_url: str) -> Markup:
    """One row's cells: each the level's symbol, linking to that engineer-process history.

    Only integers and fixed symbols are interpolated, so nothing needs escaping.
    """
    return Markup(
        "".join(
            f'<td><a class="level level-{level}{" expired" if expired else ""}" data-level="{level}"'
            f' href="{skills_url}{engineer_id}/{process_id}">{LEVEL_LETTERS[level]}</a></td>'
            for process_id, level, expired in cells
        )
    )
