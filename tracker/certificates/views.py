"""Certificate types (list, create, edit, delete) and engineers' certificates (add, edit, delete,
and the document, served to the owning supplier only)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from tracker import clock, db, effect
from tracker.certificates import documents, service
from tracker.certificates.forms import GRADES, CertificateForm, CertificateTypeForm
from tracker.models import Certificate, CertificateType, Engineer
from tracker.processes.service import all_processes
from tracker.refusals import Refused
from tracker.tenancy import NotFound
from tracker.web.access import access, acting_user, current_scope, get_or_404
from tracker.web.effects import flash_effect
from tracker.web.refusals import flash_refusal, show_on

types_bp = Blueprint("certificate_types", __name__, url_prefix="/certificate-types")
bp = Blueprint("certificates", __name__)
blueprints = (types_bp, bp)


def _storage() -> service.Storage:
    folder = current_app.config.get("CERTIFICATE_FOLDER") or Path(current_app.instance_path) / "certificates"
    return service.Storage(Path(folder), current_app.config["CERTIFICATE_MAX_BYTES"])


def _scores(process_ids) -> dict:
    """Today's scores of the processes a certificate is required on (`effect`)."""
    horizon = current_app.config["SCORING_HORIZON_YEARS"]
    return effect.snapshot(db.session(), process_ids, clock.today(), horizon=horizon)


def _required_on(*kinds: CertificateType | None) -> set[int]:
    """The processes these types are required on, the ones whose scores a write may change."""
    return {p.id for kind in kinds if kind is not None and kind.required for p in kind.processes}


# --- certificate types --------------------------------------------------------------------------


@types_bp.get("/")
@access("supplier")
def index():
    scope = current_scope()
    return render_template(
        "certificates/types.html",
        kinds=service.all_types(db.session(), scope),
        counts=service.held_counts(db.session(), scope, clock.today()),
    )


def _type_form(kind: CertificateType | None) -> CertificateTypeForm:
    form = CertificateTypeForm(obj=kind, processes=all_processes(db.session(), current_scope()))
    if kind is not None and request.method == "GET":
        form.process_ids.data = [p.id for p in kind.processes]
    return form


def _save_type(form: CertificateTypeForm, kind: CertificateType | None):
    session = db.session()
    process_ids = [pid for pid in form.process_ids.data or [] if pid]
    touched = _required_on(kind)
    before = _scores(touched | ({pid for pid in process_ids} if form.required.data else set()))
    try:
        if kind is None:
            kind = service.create_type(session, current_scope(), acting_user().id, form.values(), process_ids)
        else:
            service.update_type(session, kind, acting_user().id, form.values(), process_ids)
    except Refused as refused:
        session.rollback()
        show_on(form, refused)
        return None
    after = _scores(before.keys())
    session.commit()
    flash(_("Certificate type %(name)s saved.", name=kind.label), "success")
    flash_effect(effect.differences(before, after))
    return redirect(url_for("certificate_types.index"))


def _type_page(form: CertificateTypeForm, kind: CertificateType | None):
    status = 422 if form.errors else 200
    held = service.recorded(db.session(), kind) if kind else 0
    page = render_template("certificates/type_form.html", form=form, kind=kind, grades=GRADES, held=held)
    return page, status


@types_bp.route("/new", methods=["GET", "POST"])
@access("supplier", "editor")
def create_type():
    form = _type_form(None)
    if form.validate_on_submit():
        response = _save_type(form, None)
        if response:
            return response
    return _type_page(form, None)


@types_bp.route("/<int:type_id>/edit", methods=["GET", "POST"])
@access("supplier", "editor")
def edit_type(type_id: int):
    kind = get_or_404(CertificateType, type_id)
    form = _type_form(kind)
    if form.validate_on_submit():
        response = _save_type(form, kind)
        if response:
            return response
    return _type_page(form, kind)


@types_bp.post("/<int:type_id>/delete")
@access("supplier", "editor")
def delete_type(type_id: int):
    kind = get_or_404(CertificateType, type_id)
    session = db.session()
    label = kind.label
    try:
        service.delete_type(session, kind, acting_user().id)
    except Refused as refused:
        session.rollback()
        flash_refusal(refused)
        return redirect(url_for("certificate_types.edit_type", type_id=type_id))
    session.commit()
    flash(_("Certificate type %(name)s deleted.", name=label), "success")
    return redirect(url_for("certificate_types.index"))


# --- an engineer's certificates -----------------------------------------------------------------


def _certificate_form(certificate: Certificate | None) -> CertificateForm:
    storage = _storage()
    return CertificateForm(
        obj=certificate,
        kinds=service.all_types(db.session(), current_scope()),
        max_mb=max(1, storage.max_bytes // (1024 * 1024)),
    )


def _document(form: CertificateForm) -> service.Document | None:
    upload = form.document.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    return service.Document(upload.filename, upload.read(_storage().max_bytes + 1))


def _kind_of(form: CertificateForm) -> CertificateType | None:
    try:
        return get_or_404(CertificateType, form.certificate_type_id.data)
    except NotFound:
        return None


def _save_certificate(form: CertificateForm, engineer: Engineer, certificate: Certificate | None):
    session = db.session()
    storage = _storage()
    touched = _required_on(_kind_of(form), certificate.certificate_type if certificate else None)
    before = _scores(touched)
    try:
        if certificate is None:
            service.create_certificate(
                session, current_scope(), acting_user().id, engineer, form.values(), _document(form), storage,
                today=clock.today(),
            )  # fmt: skip
            dropped = None
        else:
            dropped = service.update_certificate(
                session, certificate, acting_user().id, form.values(), _document(form), storage,
                today=clock.today(), remove_document=bool(form.remove_document.data),
            )  # fmt: skip
    except Refused as refused:
        session.rollback()
        show_on(form, refused)
        return None
    after = _scores(touched)
    session.commit()
    documents.remove(storage.folder, dropped)
    flash(_("Certificate saved."), "success")
    flash_effect(effect.differences(before, after))
    return redirect(url_for("engineers.show", engineer_id=engineer.id, _anchor="certificates"))


def _certificate_page(form: CertificateForm, engineer: Engineer, certificate: Certificate | None):
    status = 422 if form.errors else 200
    page = render_template("certificates/form.html", form=form, engineer=engineer, certificate=certificate)
    return page, status


@bp.route("/engineers/<int:engineer_id>/certificates/new", methods=["GET", "POST"])
@access("supplier", "editor")
def create(engineer_id: int):
    engineer = get_or_404(Engineer, engineer_id)
    form = _certificate_form(None)
    if request.method == "GET" and request.args.get("type", type=int):
        form.certificate_type_id.data = request.args.get("type", type=int)
    if form.validate_on_submit():
        response = _save_certificate(form, engineer, None)
        if response:
            return response
    return _certificate_page(form, engineer, None)


@bp.route("/certificates/<int:certificate_id>/edit", methods=["GET", "POST"])
@access("supplier", "editor")
def edit(certificate_id: int):
    certificate = get_or_404(Certificate, certificate_id)
    engineer = get_or_404(Engineer, certificate.engineer_id)
    form = _certificate_form(certificate)
    if form.validate_on_submit():
        response = _save_certificate(form, engineer, certificate)
        if response:
            return response
    return _certificate_page(form, engineer, certificate)


@bp.post("/certificates/<int:certificate_id>/delete")
@access("supplier", "editor")
def delete(certificate_id: int):
    certificate = get_or_404(Certificate, certificate_id)
    engineer_id = certificate.engineer_id
    touched = _required_on(certificate.certificate_type)
    before = _scores(touched)
    session = db.session()
    key = service.delete_certificate(session, certificate, acting_user().id)
    after = _scores(touched)
    session.commit()
    documents.remove(_storage().folder, key)
    flash(_("Certificate deleted."), "success")
    flash_effect(effect.differences(before, after))
    return redirect(url_for("engineers.show", engineer_id=engineer_id, _anchor="certificates"))


@bp.get("/certificates/<int:certificate_id>/document")
@access()
def document(certificate_id: int):
    """The certificate's document, to its own supplier's users only: anyone else (another
    supplier, a buyer whatever the disclosure) gets the 404 of a record outside their scope."""
    certificate = get_or_404(Certificate, certificate_id)
    found = documents.path(_storage().folder, certificate.document_key or "")
    if found is None:
        raise NotFound("Document")
    response = send_file(
        found,
        mimetype=certificate.document_type,
        as_attachment=True,
        download_name=certificate.document_name,
        conditional=False,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
