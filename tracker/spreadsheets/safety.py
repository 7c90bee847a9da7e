"""Checks an uploaded .xlsx before any spreadsheet library parses it.

An .xlsx is a zip of XML parts. A hostile file can be a zip bomb (a few kilobytes that inflate to
gigabytes) or carry an XML entity bomb ("billion laughs"). Both are refused here, reading only
the zip's central directory and the prolog of each XML part: never the inflated whole.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from tracker.refusals import Refused

MAX_ENTRIES = 2_000
MAX_TOTAL_SIZE = 50 * 1024 * 1024
MAX_ENTRY_SIZE = 30 * 1024 * 1024
MAX_RATIO = 200
# What a parse costs grows with the cells and strings it must read: the sheets and the shared
# strings together, unpacked, are bounded so that a parse takes a few seconds at most.
MAX_PARSE_SIZE = 8 * 1024 * 1024
PARSED_PARTS = ("xl/sharedStrings.xml", "xl/worksheets/")
RATIO_FLOOR = 1024 * 1024  # entries smaller than this may compress as well as they like
REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")


class UnsafeFile(Refused):
    """The file is not a workbook that may be opened; `code` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code, "file")


@dataclass(frozen=True)
class Limits:
    entries: int = MAX_ENTRIES
    total_size: int = MAX_TOTAL_SIZE
    entry_size: int = MAX_ENTRY_SIZE
    ratio: int = MAX_RATIO
    parse_size: int = MAX_PARSE_SIZE


def check_xlsx(data: bytes, limits: Limits = Limits()) -> None:
    """Raise UnsafeFile unless `data` is a zip that is a plausible, bounded, DTD-free workbook.

    Codes: `not_xlsx` (not a zip or no workbook inside), `too_many_parts`, `too_large_unpacked`,
    `too_heavy` (more sheet and string data than a parse may read), `xml_entities` (a DTD or
    entity declaration in an XML part). Only the zip's directory is read for the sizes.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UnsafeFile("not_xlsx") from error
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.entries:
            raise UnsafeFile("too_many_parts")
        names = {entry.filename for entry in entries}
        if any(part not in names for part in REQUIRED_PARTS):
            raise UnsafeFile("not_xlsx")
        _check_sizes(entries, limits)
        for entry in entries:
            if entry.filename.endswith((".xml", ".rels", ".vml")):
                _check_prolog(archive, entry)


def _check_sizes(entries: list[zipfile.ZipInfo], limits: Limits) -> None:
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > limits.entry_size or total > limits.total_size:
            raise UnsafeFile("too_large_unpacked")
        if entry.file_size > RATIO_FLOOR and entry.file_size > limits.ratio * max(entry.compress_size, 1):
            raise UnsafeFile("too_large_unpacked")
    parsed = sum(entry.file_size for entry in entries if entry.filename.startswith(PARSED_PARTS))
    if parsed > limits.parse_size:
        raise UnsafeFile("too_heavy")


def _check_prolog(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """Parse the part up to its root element with DTDs forbidden (a DTD must come before it)."""
    try:
        with archive.open(entry) as stream:
            for _event, _element in iterparse(stream, events=("start",), forbid_dtd=True):
                return
    except DefusedXmlException as error:
        raise UnsafeFile("xml_entities") from error
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError) as error:
        raise UnsafeFile("not_xlsx") from error
    except SyntaxError as error:  # xml.etree's ParseError: not well-formed XML
        raise UnsafeFile("not_xlsx") from error
