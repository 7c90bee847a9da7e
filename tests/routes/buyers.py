"""Routes of partnerships and heatmaps (buyers, and a supplier's own map)."""

from tests.routes import Route
from tracker.heatmap.views import PLOTLY_VERSION


def _partnership(w) -> dict:
    return {"partnership_id": w.buyer.partnership.id}


ROUTES = [
    Route("partnerships.index", kind=None),
    Route(
        "partnerships.propose",
        "POST",
        kind="buyer",
        role="admin",
        data=lambda w: {"supplier_code": w.b.org.code},
        expect=422,  # B has this buyer's proposal already: refused after the access check
    ),
    Route(
        "partnerships.accept",
        "POST",
        role="admin",
        args=_partnership,
        foreign=lambda w: {"partnership_id": w.b.proposal.id},
        data=lambda w: {"disclosure": "named"},
    ),
    Route(
        "partnerships.decline",
        "POST",
        role="admin",
        args=_partnership,
        foreign=lambda w: {"partnership_id": w.b.proposal.id},
    ),
    Route(
        "partnerships.disclosure",
        "POST",
        role="admin",
        args=_partnership,
        foreign=lambda w: {"partnership_id": w.b.proposal.id},
        data=lambda w: {"disclosure": "pseudonymous"},
    ),
    Route(
        "partnerships.end",
        "POST",
        role="admin",
        args=_partnership,
        foreign=lambda w: {"partnership_id": w.b.proposal.id},
    ),
    Route(
        "partnerships.withdraw",
        "POST",
        kind="buyer",
        role="admin",
        args=_partnership,
        foreign=lambda w: {"partnership_id": w.b.foreign_partnership.id},
    ),
    Route("heatmap.index", kind="buyer"),
    Route("heatmap.figure", kind="buyer"),
    Route(
        "heatmap.drilldown",
        kind="buyer",
        args=lambda w: {"supplier_id": w.a.org.id, "category_id": w.a.process.category_id},
        foreign=lambda w: {"supplier_id": w.b.org.id, "category_id": w.b.process.category_id},
    ),
    Route("heatmap.export", kind="buyer"),
    Route("heatmap.own"),
    Route("heatmap.plotly", public=True, args=lambda w: {"version": PLOTLY_VERSION}),
]
