"""The front end's static rules: templates ready for a strict Content-Security-Policy, and one band
palette for the CSS badges and the plotly dependency map."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tracker.heatmap.charts import DEPENDENCY_SCALE
from tracker.scoring import BAND_COLOURS, BANDS, band_for

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
CSS = (ROOT / "static" / "css" / "densho.css").read_text(encoding="utf-8")

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
# A JSON data island: CSP never runs it, and an external script reads it. Its body must be one
# Jinja expression, so no code can hide in it.
DATA_ISLAND = re.compile(r"""\stype=["']application/json["']""", re.IGNORECASE)
ONE_EXPRESSION = re.compile(r"\s*\{\{[^{}]*\}\}\s*", re.DOTALL)
INLINE = {
    "event handler attribute": re.compile(r"(?<![\w-])on[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "style attribute": re.compile(r"(?<![\w-])style\s*=", re.IGNORECASE),
    "<style> element": re.compile(r"<style\b", re.IGNORECASE),
}


def inline_code(source: str) -> list[str]:
    """What in a template's source a strict CSP would block: inline scripts, handlers, styles."""
    found = []
    for match in SCRIPT.finditer(source):
        attributes, body = match.groups()
        if re.search(r"\ssrc\s*=", attributes, re.IGNORECASE):
            if body.strip():
                found.append("script with both src and a body")
        elif not (DATA_ISLAND.search(attributes) and ONE_EXPRESSION.fullmatch(body)):
            found.append(f"inline script: {match.group(0)[:60]!r}")
    for name, pattern in INLINE.items():
        found += [f"{name}: {m.group(0)!r}" for m in pattern.finditer(source)]
    return found


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT / "templates")))
def test_a_template_has_no_inline_script_handler_or_style(template):
    assert inline_code(template.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<script type='module'>import './x.js'</script>",
        '<script type="application/json" id="x">{{ a }}; alert(1)</script>',
        '<script src="/static/js/x.js">alert(1)</script>',
        '<button type="button" onclick="this.closest(\'dialog\').close()">',
        "<body onload='go()'>",
        '<a href="javascript:void(0)">',
        '<div style="color: red">',
        "<style>p { color: red }</style>",
        "{{ form.level(onchange='go()') }}",
    ],
)
def test_the_template_scan_finds_inline_code(source):
    assert inline_code(source)


@pytest.mark.parametrize(
    "source",
    [
        "<script src=\"{{ url_for('static', filename='js/matrix.js') }}\"></script>",
        '<script type="application/json" id="matrix-figure">{{ figure_json|safe }}</script>',
        "<output data-names='{{ level_labels|tojson }}' data-confirm=\"x\">",
        "<p>{{ _('on leave') }} · <button>on</button></p>",
    ],
)
def test_the_template_scan_lets_external_scripts_and_data_through(source):
    assert inline_code(source) == []


def css_band_colours() -> dict[str, str]:
    """The --band-* custom properties of densho.css, by band."""
    pairs = re.findall(r"--band-([a-z]+):\s*(#[0-9a-fA-F]{6})\s*;", CSS)
    return {band: colour.lower() for band, colour in pairs}


def css_badge_text(band: str) -> str:
    """The text colour of a band's badge, as six hex digits."""
    badge = rf"\.band-{band}\s*\{{\s*background:\s*var\(--band-{band}\);\s*color:\s*#([0-9a-fA-F]+);"
    rule = re.search(badge, CSS)
    digits = rule.group(1).lower()
    return "#" + ("".join(digit * 2 for digit in digits) if len(digits) == 3 else digits)


def contrast(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_every_band_has_one_colour():
    assert sorted(BAND_COLOURS) == sorted(BANDS)


def test_the_css_badge_colours_are_the_maps_band_colours():
    assert css_band_colours() == BAND_COLOURS


@pytest.mark.parametrize("band", BANDS)
def test_the_scale_shows_the_bands_colour_within_its_dependency_range(band):
    colours_in_band = [colour for position, colour in DEPENDENCY_SCALE if band_for(position * 100) == band]
    assert BAND_COLOURS[band] in colours_in_band


@pytest.mark.parametrize("band", BANDS)
def test_a_band_badge_text_keeps_wcag_aa_contrast(band):
    assert contrast(css_badge_text(band), css_band_colours()[band]) >= 4.5


def test_the_contrast_ratio_is_wcags():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
