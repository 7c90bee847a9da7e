"""Import a skills matrix (upload, preview, confirm), export everything, download the template."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from openpyxl.utils import get_column_letter

from tracker import clock, db
from tracker.labels import FIELD_LABELS
from tracker.processes.service import all_processes, categories
from tracker.spreadsheets import exports, texts, uploads
from tracker.spreadsheets.forms import (
    UploadForm,
    column_choices,
    confirm_form,
    decisions,
    header_field,
    header_rows,
    symbol_field,
)
from tracker.spreadsheets.imports import Options, apply_import, plan_workbook, read_layouts, undecided_columns
from tracker.spreadsheets.layout import row_text
from tracker.spreadsheets.notation import SCALE_SYMBOLS
from tracker.spreadsheets.safety import UnsafeFile
from tracker.spreadsheets.sheets import (
    UnreadableFile,
    dump_sheets,
    extension_of,
    load_sheets,
    read_workbook,
)
from tracker.web.access import access, acting_org, acting_user, current_scope
from tracker.web.events import event
from tracker.web.refusals import message

bp = Blueprint("spreadsheets", __name__, url_prefix="/spreadsheets")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TABLES = {
    "matrix": exports.matrix_table,
    "engineers": exports.engineers_table,
    "plans": exports.plans_table,
    "sessions": exports.sessions_table,
    "certificates": exports.certificates_table,
}


def _folder() -> Path:
    return Path(current_app.config.get("IMPORT_FOLDER") or Path(current_app.instance_path) / "imports")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _index(form: UploadForm, status: int = 200):
    return render_template(
        "spreadsheets/index.html",
        form=form,
        exports=texts.EXPORTS,
        notations=texts.notation_rows(),
        synonyms=texts.synonym_rows(str(get_locale())),
        scales=texts.SCALES,
        scale_symbols=SCALE_SYMBOLS,
    ), status


@bp.get("/")
@access("supplier")
def index():
    return _index(UploadForm(formdata=None))


@bp.post("/import")
@access("supplier", "editor")
def upload():
    form = UploadForm()
    if not form.validate_on_submit():
        return _index(form, 422)
    filename = form.file.data.filename or ""
    data = form.file.data.read()
    try:
        sheets = read_workbook(data, filename)
    except (UnreadableFile, UnsafeFile) as error:
        form.file.errors.append(message(error))
        return _index(form, 422)
    uploads.sweep(_folder(), _now())
    stored = uploads.store(
        _folder(),
        current_scope().organization_id,
        acting_user().id,
        filename,
        extension_of(filename),
        data,
        _now(),
    )
    stored.keep_parsed(dump_sheets(sheets))
    return redirect(url_for("spreadsheets.preview", token=stored.token))


def _stored(token: str) -> uploads.Upload | None:
    """The acting user's live upload, or None after saying why; unknown or another supplier's: 404."""
    stored = uploads.find(_folder(), token)
    if stored is None or stored.supplier_id != current_scope().organization_id:
        abort(404)
    if stored.user_id != acting_user().id or stored.expired(_now()):
        flash(_("This upload has expired or was not yours. Please upload the file again."), "error")
        return None
    return stored


def _options() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The acting supplier's processes and the categories, as (id, label) pairs."""
    session = db.session()
    processes = all_processes(session, current_scope())
    locale = str(get_locale())
    return (
        [(p.id, exports.process_heading(p)) for p in processes],
        [(c.id, c.name(locale)) for c in categories(session)],
    )


def _sheets(stored: uploads.Upload):
    """The upload's sheets as parsed at upload time (parsed again only if that was lost)."""
    parsed = stored.parsed()
    if parsed is not None:
        return load_sheets(parsed)
    sheets = read_workbook(stored.read(), stored.filename)
    stored.keep_parsed(dump_sheets(sheets))
    return sheets


def _plan(stored: uploads.Upload, submitted: bool):
    """Plan the import of the stored upload with the form's mapping, notation, sheets and date."""
    session = db.session()
    formdata = request.form if submitted else None
    sheets = _sheets(stored)
    chosen_rows = header_rows(formdata, [s.name for s in sheets])
    pairs = read_layouts(session, current_scope(), sheets, texts.heading_aliases(), chosen_rows)
    columns = undecided_columns(pairs)
    processes, categories = _options()
    form = confirm_form(columns, processes, categories, submitted=submitted)
    valid = form.validate() if submitted else True
    assessed_on = form.assessed_on.data if valid and form.assessed_on.data else clock.today()
    options = Options(choices=column_choices(form, columns), **decisions(formdata))
    plan = plan_workbook(session, current_scope(), pairs, options, assessed_on)
    # A header row the user chose stays on the page, so that the next post still carries it.
    unheaded = [(sheet, layout) for sheet, layout in pairs if layout.header_row is None or
                layout.sheet in chosen_rows or
                any(p.code == "choose_roles" and p.sheet == layout.sheet for p in plan.problems)]  # fmt: skip
    extra = {
        "columns": columns,
        "options": options,
        "unheaded": [
            (layout.sheet, header_field(layout.sheet),
             [(n, row_text(row, 80)) for n, row in enumerate(sheet.rows[:30], start=1) if row_text(row)])
            for sheet, layout in unheaded
        ],
    }  # fmt: skip
    return form, plan, valid, extra


def _preview(stored: uploads.Upload, form, plan, extra, status: int = 200):
    category_names = dict(_options()[1])
    return render_template(
        "spreadsheets/preview.html",
        stored=stored,
        form=form,
        plan=plan,
        message=texts.problem_message,
        category_names=category_names,
        field_labels=FIELD_LABELS,
        column_letter=get_column_letter,
        zip=zip,
        reason=texts.skipped_reason,
        scales=texts.SCALES,
        sources=texts.SOURCES,
        symbol_field=symbol_field,
        **extra,
    ), status


@bp.get("/import/<token>")
@access("supplier", "editor")
def preview(token: str):
    stored = _stored(token)
    if stored is None:
        return redirect(url_for("spreadsheets.index"))
    form, plan, _valid, extra = _plan(stored, submitted=False)
    return _preview(stored, form, plan, extra)


@bp.post("/import/<token>")
@access("supplier", "editor")
def confirm(token: str):
    """Re-plan with the posted mapping; on "confirm", carry the plan out in one transaction."""
    stored = _stored(token)
    if stored is None:
        return redirect(url_for("spreadsheets.index"))
    form, plan, valid, extra = _plan(stored, submitted=True)
    confirmed = request.form.get("action") == "confirm"
    if not valid or (confirmed and not plan.can_commit):
        return _preview(stored, form, plan, extra, 422)
    if not confirmed:
        return _preview(stored, form, plan, extra)
    session = db.session()
    summary = apply_import(
        session,
        current_scope(),
        acting_user().id,
        plan,
        form.assessed_on.data,
        assessor=acting_user().name,
        evidence=_("Imported from %(file)s", file=stored.filename),
    )
    session.commit()
    event("import", levels=summary.levels_changed, engineers_created=summary.engineers_created)
    uploads.discard(_folder(), stored.token)
    flash(
        _(
            "Import done. New engineers: %(engineers)s · engineers changed: %(changed)s · "
            "new processes: %(processes)s · levels recorded: %(levels)s.",
            engineers=summary.engineers_created,
            changed=summary.engineers_changed,
            processes=summary.processes_created,
            levels=summary.levels_changed,
        ),
        "success",
    )
    return redirect(url_for("skills.matrix"))


@bp.post("/import/<token>/discard")
@access("supplier", "editor")
def discard(token: str):
    stored = _stored(token)
    if stored is not None:
        uploads.discard(_folder(), stored.token)
        flash(_("The upload was discarded. Nothing was imported."), "success")
    return redirect(url_for("spreadsheets.index"))


def _download(data: bytes, what: str, extension: str):
    code = re.sub(r"[^A-Za-z0-9_-]+", "-", acting_org().code).strip("-") or "supplier"
    name = f"densho-{what}-{code}-{clock.today().isoformat()}.{extension}"
    mimetype = XLSX if extension == "xlsx" else "text/csv"
    response = send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _write(table: exports.Table, extension: str, with_instructions: bool = False) -> bytes:
    if extension == "csv":
        return exports.to_csv(table)
    sheets = [table]
    if with_instructions:
        sheets.append(exports.instructions_table(_("Instructions"), texts.instructions()))
    return exports.to_xlsx(sheets)


@bp.get(f"/export/<any({', '.join(['processes', *TABLES])}):what>.<any(xlsx, csv):extension>")
@access("supplier")
def export(what: str, extension: str):
    session, scope = db.session(), current_scope()
    if what == "processes":
        table = exports.processes_table(session, scope, texts.label, str(get_locale()))
    else:
        table = TABLES[what](session, scope, texts.label)
    return _download(_write(table, extension, with_instructions=what == "matrix"), what, extension)


@bp.get("/export/audit.<any(xlsx, csv):extension>")
@access("supplier", "admin")
def export_audit(extension: str):
    table = exports.audit_table(db.session(), current_scope(), texts.label)
    return _download(_write(table, extension), "audit", extension)


@bp.get("/template.xlsx")
@access("supplier")
def template():
    table = exports.matrix_table(db.session(), current_scope(), texts.label, with_rows=False)
    return _download(_write(table, "xlsx", with_instructions=True), "template", "xlsx")
