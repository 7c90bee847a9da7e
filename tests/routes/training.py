"""Routes of skill transfer: training plans and sessions, trainer load, what-if, alerts, audit."""

from tests.routes import Route


def _plan(w) -> dict:
    return {"plan_id": w.a.plan.id}


def _foreign_plan(w) -> dict:
    return {"plan_id": w.b.plan.id}


ROUTES = [
    Route("training.index"),
    Route("training.trainers"),
    Route("training.what_if"),
    Route("training.create", role="editor"),
    Route(
        "training.create",
        "POST",
        role="editor",
        data=lambda w: {
            "trainee_id": w.a.engineer.id,
            "process_id": w.a.process.id,
            "trainer_id": w.a.trainer.id,
            "target_level": 4,
            "starts_on": "2026-01-05",
            "due_on": "2026-12-01",
        },
        expect=422,  # the trainee has an open plan on the process already: refused after the access check
    ),
    Route("training.show", args=_plan, foreign=_foreign_plan),
    Route("training.edit", role="editor", args=_plan, foreign=_foreign_plan),
    Route(
        "training.edit",
        "POST",
        role="editor",
        args=_plan,
        foreign=_foreign_plan,
        data=lambda w: {
            "trainer_id": w.a.trainer.id,
            "target_level": 3,
            "starts_on": "2025-02-01",
            "due_on": "2027-03-01",
            "notes": "moved",
        },
    ),
    Route(
        "training.log_session",
        "POST",
        role="editor",
        args=_plan,
        foreign=_foreign_plan,
        data=lambda w: {"held_on": "2025-04-01", "hours": "2", "content": "practice"},
    ),
    Route("training.start", "POST", role="editor", args=_plan, foreign=_foreign_plan),
    Route("training.done", "POST", role="editor", args=_plan, foreign=_foreign_plan),
    Route("training.cancel", "POST", role="editor", args=_plan, foreign=_foreign_plan),
    Route("alerts.index"),
    Route("audit.index", role="admin"),
]
