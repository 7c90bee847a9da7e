"""The front end's static rules: templates ready for a strict Content-Security-Policy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))

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
