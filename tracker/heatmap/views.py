"""Heatmaps: the buyer's map of its partners with drill-down and export, a supplier's own map,
and plotly.js served from the installed plotly package.

The buyer's map and summary are cached per worker under the data version (tracker.heatmap.cache), read
in the statement that loads the user; a request computes only on a miss. Today's map is read from
the stored process scores, which the first request of a day brings up to date.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import replace
from datetime import date
from functools import cache
from importlib import metadata, resources

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_babel import get_locale
from sqlalchemy.exc import IntegrityError

from tracker import clock, db, scoring
from tracker.heatmap import cache as results_cache
from tracker.heatmap import charts
from tracker.heatmap import stored as current_scores
from tracker.heatmap.drilldown import drilldown as build_drilldown
from tracker.heatmap.export import portfolio_csv
from tracker.heatmap.figures import buyer_figure
from tracker.heatmap.own import own_map
from tracker.heatmap.service import Filters, buyer_heatmap, buyer_portfolio
from tracker.i18n import select_locale
from tracker.labels import BAND_LABELS, DISCLOSURE_SHORT
from tracker.models import ProcessCategory
from tracker.web.access import access, current_scope, partnership_or_404
from tracker.web.as_of import as_of_arg, as_of_args
from tracker.web.forms import labelled_categories, to_id
from tracker.web.links import drilldown_template

bp = Blueprint("heatmap", __name__)

PLOTLY_VERSION = metadata.version("plotly")
YEAR = 365 * 24 * 3600


def filters_from_args(*, report: bool = True) -> Filters:
    """The map's filters from the query string; anything unknown is ignored.

    A past date (`?on=`, `web.as_of`) replays the map as it was then, and then nothing is
    projected; with `report`, a date that cannot be used is flashed.
    """
    criticality = request.args.get("criticality", "")
    as_of = as_of_arg(clock.today(), report=report)
    return Filters(
        criticality=criticality if scoring.is_critical(criticality) else "",
        category_id=to_id(request.args.get("category")),
        site=request.args.get("site", "").strip(),
        projected=as_of is None and request.args.get("mode") == "projected",
        supplier_id=to_id(request.args.get("supplier")),
        as_of=as_of,
    )


def filter_args(filters: Filters) -> dict:
    """The query arguments that reproduce `filters` (for links)."""
    args = {
        "criticality": filters.criticality,
        "category": filters.category_id,
        "site": filters.site,
        "mode": "projected" if filters.projected else "",
        "supplier": filters.supplier_id,
    } | as_of_args(filters.as_of)
    return {key: value for key, value in args.items() if value}


def today_url(endpoint: str, filters: Filters, **values) -> str:
    """The same page with the same filters, today."""
    return url_for(endpoint, **values, **filter_args(replace(filters, as_of=None)))


def _horizon() -> float:
    return current_app.config["SCORING_HORIZON_YEARS"]


def _data_version(today: date) -> int | None:
    """The data version (read with the user), once the stored scores are today's.

    The first request of a day recomputes them (tracker.heatmap.stored.ensure).
    """
    session = db.session()
    state = results_cache.read_state(session)
    if (state.scores_on, state.scores_horizon) != (today, _horizon()) and current_scores.ensure(
        session, today, _horizon()
    ):
        results_cache.forget_state()  # the refresh bumped the version
        state = results_cache.read_state(session)
    return state.version


def _cached(key: tuple, compute):
    """`compute()` cached under the data version and today's date."""
    today = clock.today()
    return results_cache.results().get_or_compute(_data_version(today), today, key, compute)


def _portfolio(filters: Filters):
    """The buyer's portfolio summary for the filters' date and mode, cached (the key holds both)."""
    scope = current_scope()
    projected, as_of = filters.projected, filters.as_of
    return _cached(
        ("portfolio", scope.organization_id, projected, as_of),
        lambda: buyer_portfolio(
            db.session(), scope, clock.today(), projected, horizon=_horizon(), as_of=as_of
        ),
    )


@bp.get("/heatmap")
@access("buyer")
def index():
    filters = filters_from_args()
    portfolio = _portfolio(filters)
    transpose = request.args.get("transpose") == "1"
    args = filter_args(filters)
    orientation = {"transpose": "1"} if transpose else {}
    return render_template(
        "heatmap/index.html",
        portfolio=portfolio,
        filters=filters,
        args=args,
        transpose=transpose,
        bands=portfolio.bands(filters),
        worst=portfolio.worst(filters),
        names={partner.supplier_id: partner.name for partner in portfolio.partners},
        selected=len(portfolio.selected(filters)),
        band_labels=BAND_LABELS,
        disclosure_labels=DISCLOSURE_SHORT,
        figure_url=url_for("heatmap.figure", **args, **orientation),
        transpose_url=url_for("heatmap.index", **args, **({} if transpose else {"transpose": "1"})),
        today_url=today_url("heatmap.index", filters, **orientation),
    )


def _figure_body(filters: Filters, transpose: bool, locale: str, tag: str) -> dict:
    """The figure, ready to send: JSON, gzipped JSON, and the headers of each."""
    heatmap = buyer_heatmap(db.session(), current_scope(), clock.today(), filters, horizon=_horizon())
    figure = buyer_figure(heatmap, locale, transpose, drilldown_template(**filter_args(filters)))
    body = charts.to_json(figure).encode()
    etag = '"' + hashlib.sha1(tag.encode(), usedforsecurity=False).hexdigest() + '"'
    headers = [
        ("Content-Type", "application/json"),
        ("ETag", etag),
        ("Cache-Control", "private, no-cache"),
        ("Vary", "Accept-Encoding, Cookie"),
    ]
    return {
        "etag": etag,
        "plain": (body, headers),
        "gzip": (gzip.compress(body, 6), [*headers, ("Content-Encoding", "gzip")]),
    }


@bp.get("/heatmap/figure.json")
@access("buyer")
def figure():
    """The buyer's heatmap figure, from the worker's cache unless the data or the date changed.

    A cached request costs loading the user (which reads the data version too): the query string
    is the cache key as it is, and is parsed into filters only on a miss.
    """
    locale = select_locale()  # the language the figure is labelled in (what Babel will choose)
    key = ("figure", current_scope().organization_id, request.query_string, locale)
    today = clock.today()
    version = _data_version(today)
    sent = results_cache.results().get_or_compute(
        version,
        today,
        key,
        lambda: _figure_body(
            filters_from_args(report=False),
            request.args.get("transpose") == "1",
            locale,
            repr((version, today, key)),
        ),
    )
    if version is not None and sent["etag"] in request.headers.get("If-None-Match", ""):
        return Response(status=304, headers=sent["plain"][1][1:])
    body, headers = sent["gzip" if "gzip" in request.headers.get("Accept-Encoding", "") else "plain"]
    return Response(body, headers=headers)


@bp.get("/heatmap/<int:supplier_id>/<int:category_id>")
@access("buyer")
def drilldown(supplier_id: int, category_id: int):
    partnership = partnership_or_404(supplier_id)
    session = db.session()
    category = session.get(ProcessCategory, category_id)
    if category is None:
        abort(404)
    filters = filters_from_args()

    def build():
        return build_drilldown(
            session,
            partnership,
            category_id,
            clock.today(),
            criticalities=filters.criticalities(),
            site=filters.site,
            projected=filters.projected,
            horizon=_horizon(),
            as_of=filters.as_of,
        )

    try:
        view = build()
        session.commit()  # aliases assigned on first sight
    except IntegrityError:  # another request assigned the same aliases first
        session.rollback()
        view = build()
        session.commit()
    return render_template(
        "heatmap/drilldown.html",
        partnership=partnership,
        category=category,
        view=view,
        filters=filters,
        args=filter_args(filters),
        band_labels=BAND_LABELS,
        disclosure_labels=DISCLOSURE_SHORT,
        today_url=today_url(
            "heatmap.drilldown", filters, supplier_id=supplier_id, category_id=category_id
        ),
    )


@bp.get("/heatmap/export.csv")
@access("buyer")
def export():
    filters = filters_from_args(report=False)
    portfolio = _portfolio(filters)
    return Response(
        portfolio_csv(portfolio, filters, str(get_locale())),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="densho-heatmap-{portfolio.on.isoformat()}.csv"'
        },
    )


@bp.get("/heatmap/own")
@access("supplier")
def own():
    rows_by = "process" if request.args.get("rows") == "process" else "category"
    filters = filters_from_args()
    data = own_map(
        db.session(),
        current_scope(),
        clock.today(),
        rows_by=rows_by,
        filters=filters,
        locale=str(get_locale()),
        horizon=_horizon(),
    )
    return render_template(
        "heatmap/own.html",
        data=data,
        rows_by=rows_by,
        filters=filters,
        args=filter_args(filters),
        categories=labelled_categories(),
        figure_json=charts.to_json(data.figure),
        today_url=today_url("heatmap.own", filters, **({"rows": "process"} if rows_by == "process" else {})),
    )


@cache
def _plotly_js() -> tuple[bytes, bytes]:
    body = resources.files("plotly").joinpath("package_data", "plotly.min.js").read_bytes()
    return body, gzip.compress(body, 6)


@bp.get("/vendor/plotly-<version>.min.js")
def plotly(version: str):
    """plotly.js from the installed plotly package: public (no data), cached for a year per version."""
    if version != PLOTLY_VERSION:
        abort(404)
    body, packed = _plotly_js()
    response = Response(mimetype="text/javascript")
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    response.vary.add("Accept-Encoding")
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response.set_data(packed)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response.set_data(body)
    return response


@bp.app_template_global()
def plotly_js_url() -> str:
    return url_for("heatmap.plotly", version=PLOTLY_VERSION)
