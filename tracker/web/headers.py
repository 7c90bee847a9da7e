"""Security headers on every response: pages, error pages, static files, exports, JSON.

The Content-Security-Policy allows only our own scripts (no inline script anywhere, see
STYLE.md) and our own styles, plus two inline styles of plotly.js, allowed by hash:
- EMPTY: plotly appends an empty `<style id="plotly.js-style-global">` and fills it through the
  CSSOM (insertRule), which CSP does not govern; blocked, the element has no sheet and plotly's
  own rules (modebar, the stacked svg layers) are lost, so the map covers the page below it. The
  colour bar also sets an empty `style=""` ('unsafe-hashes' lets the same hash cover that
  attribute). Empty content carries no CSS, so allowing it opens nothing.
- MAPLIBRE: the fixed maplibre-gl stylesheet plotly injects at load for map traces (none drawn).
A plotly upgrade changes MAPLIBRE: the browser's violation report names the new hash
(tests/e2e/test_csp.py fails until it is updated here).
"""

from __future__ import annotations

from flask import Flask, request

EMPTY = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
MAPLIBRE = "'sha256-ji27qzEtxXZW+7dun6UwjHXJ18e6WAin1VvNtkzIE/o='"
CSP = (
    f"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-hashes' {EMPTY} {MAPLIBRE}; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
PUBLIC_FILES = {"static", "heatmap.plotly"}
"""Endpoints that serve files without any data: they keep their own caching."""


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)


def add_security_headers(response):
    """Set the security headers; a dynamic response without caching rules of its own is never
    stored (it may hold a tenant's data, a CSRF token or a share link's view)."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if request.endpoint not in PUBLIC_FILES and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response
