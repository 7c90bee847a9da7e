"""Routes of the foundation: login, engineers, processes, skills matrix, users."""

import itertools

from tests.routes import Route

_fresh = itertools.count(1)  # codes and emails no earlier sample request took, so each one is accepted

ROUTES = [
    Route("auth.login", public=True),
    Route(
        "auth.login", "POST", public=True, data=lambda w: {"email": "nobody@example.test", "password": "x"}
    ),
    Route("auth.logout", "POST", kind=None),
    Route("auth.language", "POST", public=True, data=lambda w: {"language": "ja"}),
    Route("auth.password", kind=None),
    Route("auth.confirm", kind=None),
    # The form again, the password being wrong.
    Route("auth.confirm", "POST", kind=None, data=lambda w: {"password": "wrong"}, expect=200),
    # The form again, the current password being wrong (this form answers 200 where others answer 422).
    Route("auth.password", "POST", kind=None, data=lambda w: {"current": "wrong"}, expect=200),
    Route("suppliers.home", kind=None, expect=302),  # to the user's start page
    Route("suppliers.overview"),
    Route("engineers.index"),
    Route(
        "engineers.show",
        args=lambda w: {"engineer_id": w.a.engineer.id},
        foreign=lambda w: {"engineer_id": w.b.engineer.id},
    ),
    Route("engineers.create", role="editor"),
    Route(
        "engineers.create",
        "POST",
        role="editor",
        data=lambda w: {"name": "New", "employee_code": f"NEW-{next(_fresh)}", "status": "active"},
    ),
    Route(
        "engineers.edit",
        role="editor",
        args=lambda w: {"engineer_id": w.a.engineer.id},
        foreign=lambda w: {"engineer_id": w.b.engineer.id},
    ),
    Route(
        "engineers.edit",
        "POST",
        role="editor",
        args=lambda w: {"engineer_id": w.a.engineer.id},
        foreign=lambda w: {"engineer_id": w.b.engineer.id},
        data=lambda w: {"name": "Renamed", "employee_code": "X-9", "status": "active"},
    ),
    Route(
        "engineers.mark_left",
        "POST",
        role="editor",
        args=lambda w: {"engineer_id": w.a.engineer.id},
        foreign=lambda w: {"engineer_id": w.b.engineer.id},
    ),
    Route("processes.index"),
    Route("processes.create", role="editor"),
    Route(
        "processes.create",
        "POST",
        role="editor",
        data=lambda w: {
            "code": f"NEW-{next(_fresh)}",
            "name": "New",
            "category_id": w.a.process.category_id,
            "criticality": "A",
            "lapse_months": "None",
        },
    ),
    Route(
        "processes.edit",
        role="editor",
        args=lambda w: {"process_id": w.a.process.id},
        foreign=lambda w: {"process_id": w.b.process.id},
    ),
    Route(
        "processes.edit",
        "POST",
        role="editor",
        args=lambda w: {"process_id": w.a.process.id},
        foreign=lambda w: {"process_id": w.b.process.id},
        data=lambda w: {
            "code": "RENAMED",
            "name": "Renamed",
            "category_id": w.a.process.category_id,
            "criticality": "B",
            "lapse_months": "None",
        },
    ),
    Route("skills.matrix"),
    Route(
        "skills.history",
        args=lambda w: {"engineer_id": w.a.engineer.id, "process_id": w.a.process.id},
        foreign=lambda w: {"engineer_id": w.b.engineer.id, "process_id": w.b.process.id},
    ),
    Route(
        "skills.record",
        "POST",
        role="editor",
        args=lambda w: {"engineer_id": w.a.engineer.id, "process_id": w.a.process.id},
        foreign=lambda w: {"engineer_id": w.b.engineer.id, "process_id": w.b.process.id},
        data=lambda w: {"level": 3, "assessed_on": "2026-01-02"},
    ),
    Route("organization.settings", kind=None, role="admin"),
    Route(
        "organization.settings",
        "POST",
        kind=None,
        role="admin",
        data=lambda w: {"name": "Renamed", "name_en": "", "sites": "Main", "timezone": "Asia/Tokyo"},
    ),
    Route("organization.first_steps", kind=None),
    Route("digests.preferences"),
    Route("digests.preferences", "POST", data=lambda w: {"digest": "y"}),
    Route("users.index", kind=None, role="admin"),
    Route("users.create", kind=None, role="admin"),
    Route(
        "users.create",
        "POST",
        kind=None,
        role="admin",
        data=lambda w: {"name": "Invited", "email": f"invited{next(_fresh)}@example.com", "role": "viewer"},
        expect=200,  # the page showing the one-time password
    ),
    Route(
        "users.set_role",
        "POST",
        kind=None,
        role="admin",
        args=lambda w: {"user_id": w.a.viewer.id},
        foreign=lambda w: {"user_id": w.b.viewer.id},
        data=lambda w: {"role": "viewer"},
    ),
    Route(
        "users.deactivate",
        "POST",
        kind=None,
        role="admin",
        args=lambda w: {"user_id": w.a.viewer.id},
        foreign=lambda w: {"user_id": w.b.viewer.id},
    ),
    Route(
        "users.sign_out",
        "POST",
        kind=None,
        role="admin",
        args=lambda w: {"user_id": w.a.viewer.id},
        foreign=lambda w: {"user_id": w.b.viewer.id},
    ),
    Route(
        "users.activate",
        "POST",
        kind=None,
        role="admin",
        args=lambda w: {"user_id": w.a.viewer.id},
        foreign=lambda w: {"user_id": w.b.viewer.id},
    ),
]
ROUTES.append(Route("ops.healthz", public=True, expect=503))  # the test database has no Alembic record
