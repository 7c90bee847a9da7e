"""The meetings' trend chart: critical-process bands across closed meetings (from their snapshots)."""

from __future__ import annotations

from collections import Counter

from flask_babel import gettext as _

from tracker.heatmap.charts import CONFIG, FONT
from tracker.heatmap.figures import in_language
from tracker.labels import BAND_LABELS
from tracker.models import PartnerMeeting
from tracker.scoring import BAND_COLOURS, BANDS


def trend_figure(points: list[tuple[PartnerMeeting, Counter]]) -> dict:
    """Stacked bars: per closed meeting (oldest first), its critical processes by band, worst on top."""
    labels = [f"{meeting.held_on.isoformat()} · {meeting.title}" for meeting, _bands in points]
    data = [
        {
            "type": "bar",
            "name": str(BAND_LABELS[band]),
            "x": labels,
            "y": [bands.get(band, 0) for _meeting, bands in points],
            "marker": {"color": BAND_COLOURS[band]},
            "hovertemplate": "%{x}<br>" + str(BAND_LABELS[band]) + ": %{y}<extra></extra>",
        }
        for band in BANDS
    ]
    figure = {
        "data": data,
        "layout": {
            "barmode": "stack",
            "bargap": 0.5,
            "height": 360,
            "autosize": True,
            "font": FONT,
            "margin": {"t": 30, "r": 20, "b": 40, "l": 50},
            "xaxis": {"type": "category", "automargin": True},
            "yaxis": {
                "title": {"text": _("Critical processes")},
                "rangemode": "tozero",
                "tickformat": "d",
                "nticks": 8,
            },
            "legend": {"orientation": "h", "y": 1.12},
        },
        "config": CONFIG,
    }
    return in_language(figure)
