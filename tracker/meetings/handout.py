"""The meeting's handout: its tables for CSV and XLSX (through the one export writer,
`tracker.spreadsheets.exports`, so supplier-typed text is formula-escaped), and the handout page
rendered to PDF by WeasyPrint.

The tables hold exactly what the page shows (`tracker.meetings.page.MeetingPage`): persons only
as the disclosure's labels, the others as counts. A CSV has one sheet, so the CSV holds the three
tables one under another, each under its title, a blank row between them; the XLSX has a sheet
per table.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.labels import ACTION_STATE_LABELS, BAND_LABELS, OWNER_SIDE_LABELS, PLAN_STATUS_LABELS
from tracker.meetings.page import MeetingPage
from tracker.models import ActionItem
from tracker.spreadsheets.exports import Table

FOOTER = _l("Confidential — shared under partnership disclosure")


def _process_table(view: MeetingPage, locale: str) -> Table:
    categories = {category.id: category for category in view.board.categories}
    headers = [_("Supplier"), _("Category"), _("Process"), _("Process name"), _("Criticality")]
    headers += ["R", "Q", "E", "T", "D", _("Band"), _("Key persons (count)"), _("Key persons")]
    rows = [
        [
            view.supplier_name(line.supplier_id),
            categories[line.category_id].name(locale),
            line.code,
            line.name,
            line.criticality,
            line.required,
            line.qualified,
            round(line.effective, 2),
            line.trainers,
            round(line.dependency),
            str(BAND_LABELS[line.band]),
            len(line.key_persons),
            ", ".join(view.named(line.key_persons)),
        ]
        for line in view.board.lines
    ]
    return Table(_("Processes"), headers, rows, {2: 14, 3: 10, 4: 30, 13: 30})


def _why_table(view: MeetingPage) -> Table:
    headers = [_("Supplier"), _("Process"), _("Process name"), _("Band"), "D", _("Why")]
    rows = [
        [
            view.supplier_name(line.supplier_id),
            line.code,
            line.name,
            str(BAND_LABELS[line.band]),
            round(line.dependency),
            words,
        ]
        for line, words in view.why
    ]
    return Table(_("Why red"), headers, rows, {3: 30, 6: 80})


def _plan(item: ActionItem) -> str:
    if item.plan is None:
        return ""
    return f"#{item.plan.id} · {PLAN_STATUS_LABELS[item.plan.status]}"


def _actions_table(view: MeetingPage) -> Table:
    headers = [_("Meeting"), _("Action"), _("Supplier"), _("Process"), _("Owner side"), _("Owner")]
    headers += [_("Due date"), _("Status"), _("Closed on"), _("Closing evidence"), _("Training plan")]
    rows = [
        [
            f"{item.meeting.held_on.isoformat()} · {item.meeting.title}",
            item.text,
            item.supplier.name,
            item.process.code if item.process else "",
            str(OWNER_SIDE_LABELS[item.owner_side]),
            item.owner_name,
            item.due_on,
            str(ACTION_STATE_LABELS[view.state(item)]),
            item.closed_on,
            item.evidence,
            _plan(item),
        ]
        for item in view.actions + view.earlier
    ]
    return Table(_("Action items"), headers, rows, {1: 26, 2: 50, 10: 40})


def tables(view: MeetingPage, locale: str) -> list[Table]:
    """The processes with Q, E, T, D and band; why red; the action items (this meeting's, then
    the earlier ones followed up), header labels in the user's language."""
    return [_process_table(view, locale), _why_table(view), _actions_table(view)]


def one_table(tables: list[Table]) -> Table:
    """The tables one under another as a single table (for CSV): each title, its header row and
    its rows, a blank row between tables. The cells go through the same writer and escaping."""
    rows: list[list] = []
    for index, table in enumerate(tables):
        if index:
            rows += [[], [table.title]]
        rows += [list(table.headers), *table.rows]
    return Table(tables[0].title, [tables[0].title], rows)


def css_string(text: str) -> str:
    """`text` as the content of a double-quoted CSS string, safe inside a <style> element."""
    special = {'"': "\\22 ", "\\": "\\5c ", "<": "\\3c ", ">": "\\3e ", "&": "\\26 ", "\n": "\\a ", "\r": ""}
    return "".join(special.get(char, char) for char in text)


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot run here (its system libraries, Pango and HarfBuzz, are missing)."""


def _weasyprint():
    """WeasyPrint, imported on first use: the app starts (and prints through the browser) without it."""
    try:
        import weasyprint
        from weasyprint import urls
    except (ImportError, OSError) as error:  # OSError: a system library is missing
        raise PdfUnavailable(str(error)) from error
    return weasyprint, urls


def _static_files(base_url: str, static_url_path: str, folder: str | Path):
    """A fetcher that lets WeasyPrint read the application's own static files from disk and
    nothing else: no network, no other file, so a PDF is rendered from what the page links to."""
    _module, urls = _weasyprint()

    class StaticFiles(urls.URLFetcher):
        def __init__(self) -> None:
            super().__init__()
            self.origin = urlsplit(base_url)._replace(path="", query="", fragment="").geturl()
            self.prefix = static_url_path.rstrip("/") + "/"
            self.folder = Path(folder).resolve()

        def fetch(self, url: str, headers=None):
            parts = urlsplit(url)
            if parts._replace(path="", query="", fragment="").geturl() != self.origin:
                raise ValueError(f"not this application's: {url}")
            if not parts.path.startswith(self.prefix):
                raise ValueError(f"not a static file: {url}")
            path = (self.folder / unquote(parts.path[len(self.prefix) :])).resolve()
            if not path.is_relative_to(self.folder) or not path.is_file():
                raise ValueError(f"no such static file: {url}")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return urls.URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

    return StaticFiles()


def pdf(html: str, page_css: str, base_url: str, static_url_path: str, static_folder: str | Path) -> bytes:
    """The handout page as PDF, its @page rule given as `page_css` (A4 landscape); fonts from
    fontconfig, the installed Noto CJK for Japanese. PdfUnavailable where WeasyPrint cannot run."""
    weasyprint, _urls = _weasyprint()
    fetcher = _static_files(base_url, static_url_path, static_folder)
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[weasyprint.CSS(string=page_css, url_fetcher=fetcher)])
