"""Certificate types and engineers' certificates: the pages, the rules, and the documents (type
read from the content, kept outside the web root, served to the owning supplier only)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests import builders as b
from tests.builders import TODAY
from tests.conftest import make_app
from tracker.certificates.service import default_expiry
from tracker.models import AuditEvent, Certificate, CertificateType

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
HTML = b"<!doctype html><script>alert(document.cookie)</script>"


@pytest.fixture
def shop(session, supplier):
    process = b.gen_process(session, supplier, code="W-01")
    other = b.gen_process(session, supplier, code="W-02")
    engineer = b.gen_engineer(session, supplier, name="Sato Ken")
    kind = b.gen_certificate_type(
        session, supplier, [process], name="溶接技能者", grade="1級", validity_months=12
    )
    session.commit()
    return process, other, engineer, kind


def folder(app) -> Path:
    return Path(app.config["CERTIFICATE_FOLDER"])


def stored_files(app) -> list[Path]:
    return sorted(folder(app).glob("*")) if folder(app).exists() else []


def add(client, engineer, kind, document=None, **values):
    data = {"certificate_type_id": kind.id, "number": "W-123", "issued_on": "2026-01-31"} | values
    if document is not None:
        data["document"] = (io.BytesIO(document[1]), document[0])
    return client.post(
        f"/engineers/{engineer.id}/certificates/new", data=data, content_type="multipart/form-data"
    )


# --- certificate types ---------------------------------------------------------------------------


def test_an_editor_defines_a_required_type_for_processes(client, session, editor, shop):
    process, other, _engineer, _kind = shop
    data = {
        "name": "社内認定 溶接作業者",
        "issuer": "品質保証部",
        "grade": "",
        "validity_months": "36",
        "required": "y",
        "process_ids": [process.id, other.id],
    }
    assert client.post("/certificate-types/new", data=data).status_code == 302
    kind = session.scalar(select(CertificateType).where(CertificateType.name == "社内認定 溶接作業者"))
    assert (kind.required, kind.validity_months, [p.code for p in kind.processes]) == (
        True,
        36,
        ["W-01", "W-02"],
    )
    page = client.get("/certificate-types/").get_data(as_text=True)
    assert "社内認定 溶接作業者" in page and "W-01, W-02" in page
    event = session.scalar(select(AuditEvent).where(AuditEvent.entity == "certificate_type"))
    assert event.changes["processes"] == "W-01, W-02"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"name": "溶接技能者", "grade": "1級"}, "Another certificate type already has this name and grade."),
        ({"required": "y"}, "Choose the processes a required certificate is required on."),
        ({"validity_months": "0"}, "Enter 1 to 600 months."),
        ({"name": ""}, "This field is required."),
    ],
)
def test_a_bad_type_is_refused_and_writes_nothing(client, session, editor, shop, values, message):
    response = client.post("/certificate-types/new", data={"name": "New licence"} | values)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert session.scalar(select(func.count(CertificateType.id))) == 1


def test_a_type_cannot_name_another_suppliers_process(client, session, editor, shop):
    foreign = b.gen_process(session, b.gen_supplier(session))
    session.commit()
    response = client.post("/certificate-types/new", data={"name": "X", "process_ids": [foreign.id]})
    assert response.status_code == 422
    assert session.scalar(select(func.count(CertificateType.id))) == 1


def test_a_type_in_use_is_not_deleted_an_unused_one_is(client, session, supplier, editor, shop):
    _process, _other, engineer, kind = shop
    b.gen_certificate(session, engineer, kind)
    unused = b.gen_certificate_type(session, supplier, name="Unused").id
    session.commit()
    response = client.post(f"/certificate-types/{kind.id}/delete", follow_redirects=True)
    assert "Certificates of this type are recorded (1)" in response.get_data(as_text=True)
    assert client.post(f"/certificate-types/{unused}/delete").status_code == 302
    names = session.scalars(select(CertificateType.name)).all()
    assert names == ["溶接技能者"]


# --- an engineer's certificates -----------------------------------------------------------------


def test_the_expiry_defaults_to_the_issue_date_plus_the_validity(client, session, editor, shop):
    _process, _other, engineer, kind = shop
    assert add(client, engineer, kind).status_code == 302
    certificate = session.scalar(select(Certificate))
    assert (certificate.issued_on, certificate.expires_on) == (date(2026, 1, 31), date(2027, 1, 31))
    assert default_expiry(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert default_expiry(date(2026, 1, 31), None) is None


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"expires_on": "2026-01-31"}, "The expiry must come after the issue date (2026-01-31)."),
        ({"issued_on": (TODAY + timedelta(days=1)).isoformat()}, "the date cannot be after today"),
        ({"issued_on": ""}, "This field is required."),
    ],
)
def test_bad_dates_are_refused_and_write_nothing(client, session, app, editor, shop, values, message):
    _process, _other, engineer, kind = shop
    response = add(client, engineer, kind, ("scan.pdf", PDF), **values)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert session.scalar(select(func.count(Certificate.id))) == 0
    assert stored_files(app) == []


def test_a_certificate_cannot_be_of_another_suppliers_type(client, session, editor, shop):
    _process, _other, engineer, _kind = shop
    foreign = b.gen_certificate_type(session, b.gen_supplier(session))
    session.commit()
    assert add(client, engineer, foreign).status_code == 422
    assert session.scalar(select(func.count(Certificate.id))) == 0


def test_a_pdf_is_stored_outside_the_web_root_under_a_random_name_and_served_to_its_supplier(
    client, session, app, editor, shop
):
    _process, _other, engineer, kind = shop
    assert add(client, engineer, kind, ("溶接 免許証.pdf", PDF)).status_code == 302
    certificate = session.scalar(select(Certificate))
    [path] = stored_files(app)
    assert path.name == certificate.document_key and "免許" not in path.name and len(path.name) == 43
    assert path.read_bytes() == PDF and path.stat().st_mode & 0o077 == 0
    assert not path.resolve().is_relative_to(Path(app.static_folder).resolve())
    assert (certificate.document_name, certificate.document_type) == ("溶接 免許証.pdf", "application/pdf")
    response = client.get(f"/certificates/{certificate.id}/document")
    assert response.status_code == 200 and response.data == PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]
    page = client.get(f"/engineers/{engineer.id}").get_data(as_text=True)
    assert "溶接技能者 1級" in page and "W-123" in page and "溶接 免許証.pdf" in page


def test_a_pdf_that_is_really_html_is_refused(client, session, app, editor, shop):
    _process, _other, engineer, kind = shop
    response = add(client, engineer, kind, ("licence.pdf", HTML))
    assert response.status_code == 422
    assert "Only PDF, JPEG and PNG documents are accepted" in response.get_data(as_text=True)
    assert session.scalar(select(func.count(Certificate.id))) == 0
    assert stored_files(app) == []


@pytest.mark.parametrize(
    ("content", "media_type", "name"), [(PNG, "image/png", "scan.png"), (JPEG, "image/jpeg", "scan.jpg")]
)
def test_the_type_is_read_from_the_content_not_the_name(
    client, session, editor, shop, content, media_type, name
):
    _process, _other, engineer, kind = shop
    assert add(client, engineer, kind, ("scan.pdf", content)).status_code == 302
    certificate = session.scalar(select(Certificate))
    assert (certificate.document_type, certificate.document_name) == (media_type, name)
    assert client.get(f"/certificates/{certificate.id}/document").mimetype == media_type


def test_a_document_above_the_configured_size_is_refused(tmp_path, session):
    app = make_app(tmp_path, CERTIFICATE_MAX_BYTES=1024 * 1024)
    client = app.test_client()
    with app.extensions["db"]() as own:
        supplier = b.gen_supplier(own)
        user = b.gen_user(own, supplier, "editor")
        engineer = b.gen_engineer(own, supplier)
        kind = b.gen_certificate_type(own, supplier)
        own.commit()
        client.post("/login", data={"email": user.email, "password": b.PASSWORD})
        response = add(client, engineer, kind, ("big.pdf", PDF + b"0" * (1024 * 1024)))
        assert response.status_code == 422
        assert "The document is larger than 1 MB." in response.get_data(as_text=True)
        assert own.scalar(select(func.count(Certificate.id))) == 0
    assert stored_files(app) == []


def test_replacing_removing_and_deleting_remove_the_old_files(client, session, app, editor, shop):
    _process, _other, engineer, kind = shop
    add(client, engineer, kind, ("first.pdf", PDF))
    certificate = session.scalar(select(Certificate))
    first = certificate.document_key
    data = {"certificate_type_id": kind.id, "number": "W-124", "issued_on": "2026-02-01"}
    edit = f"/certificates/{certificate.id}/edit"
    response = client.post(edit, data=data | {"document": (io.BytesIO(PNG), "second.png")})
    assert response.status_code == 302
    session.refresh(certificate)
    assert certificate.document_key != first and [p.name for p in stored_files(app)] == [
        certificate.document_key
    ]
    assert client.post(edit, data=data | {"remove_document": "y"}).status_code == 302
    session.refresh(certificate)
    assert certificate.document_key is None and stored_files(app) == []
    add(client, engineer, kind, ("third.pdf", PDF))
    third = session.scalar(select(Certificate.id).where(Certificate.document_key.is_not(None)))
    assert client.post(f"/certificates/{third}/delete").status_code == 302
    assert stored_files(app) == []
    assert session.scalars(select(Certificate.id)).all() == [certificate.id]
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.entity == "certificate")).all()
    assert sorted(actions) == ["create", "create", "delete", "update", "update"]


def test_a_document_answers_404_to_every_other_organization(client, session, auth, supplier, editor, shop):
    """Another supplier, and a buyer partnered with the owner under named disclosure: 404."""
    _process, _other, engineer, kind = shop
    add(client, engineer, kind, ("scan.pdf", PDF))
    certificate = session.scalar(select(Certificate))
    url = f"/certificates/{certificate.id}/document"
    buyer = b.gen_buyer(session)
    b.gen_partnership(session, buyer, supplier, disclosure="named")
    owner = b.gen_user(session, supplier, "viewer")
    others = [b.gen_user(session, b.gen_supplier(session), "admin"), b.gen_user(session, buyer, "admin")]
    session.commit()
    for user in [owner, *others]:
        auth.logout()
        auth.login(user)
        response = client.get(url)
        assert response.status_code == (200 if user is owner else 404), user.email
        assert (PDF in response.data) == (user is owner)
    auth.logout()
    assert "/login" in client.get(url).headers["Location"]


def test_a_missing_file_or_no_document_is_a_404(client, session, app, editor, shop):
    _process, _other, engineer, kind = shop
    bare = b.gen_certificate(session, engineer, kind)
    session.commit()
    assert client.get(f"/certificates/{bare.id}/document").status_code == 404
    add(client, engineer, kind, ("scan.pdf", PDF))
    certificate = session.scalar(select(Certificate).where(Certificate.document_key.is_not(None)))
    (folder(app) / certificate.document_key).unlink()
    assert client.get(f"/certificates/{certificate.id}/document").status_code == 404


def test_the_engineer_page_says_which_level_an_expired_required_certificate_stops(
    client, session, editor, shop
):
    process, _other, engineer, kind = shop
    kind.required = True
    b.gen_level(session, engineer, process, 3, TODAY - timedelta(days=30))
    b.gen_certificate(
        session, engineer, kind, TODAY - timedelta(days=400), expires_on=TODAY - timedelta(days=3)
    )
    session.commit()
    page = client.get(f"/engineers/{engineer.id}").get_data(as_text=True)
    assert "does not count: required certificate missing or expired" in page
    assert "the level does not count" in page and "expired" in page
    response = add(client, engineer, kind, issued_on=(TODAY - timedelta(days=1)).isoformat())
    assert response.status_code == 302
    flashed = client.get(f"/engineers/{engineer.id}").get_data(as_text=True)
    assert "W-01: Q 0 → 1" in flashed
    assert "the level does not count" not in flashed and "requirement met" in flashed


def test_the_alerts_list_certificates_expiring_unless_renewed(client, session, editor, shop):
    _process, _other, engineer, kind = shop
    b.gen_certificate(
        session, engineer, kind, TODAY - timedelta(days=300), expires_on=TODAY + timedelta(days=20)
    )
    session.commit()
    page = client.get("/alerts/").get_data(as_text=True)
    assert "Certificates expired or expiring within 60 days" in page and "in 20 days" in page
    b.gen_certificate(
        session, engineer, kind, TODAY - timedelta(days=1), expires_on=TODAY + timedelta(days=400)
    )
    session.commit()
    assert "in 20 days" not in client.get("/alerts/").get_data(as_text=True)


def test_japanese_pages(client, session, editor, shop):
    _process, _other, engineer, _kind = shop
    client.post("/language", data={"language": "ja"})
    assert "資格・免許の種類" in client.get("/certificate-types/").get_data(as_text=True)
    assert "資格・免許を追加" in client.get(f"/engineers/{engineer.id}").get_data(as_text=True)
