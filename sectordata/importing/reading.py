"""Reading a file: what it is (CSV or XLSX, size, encoding), its fingerprint, and its rows.

Rows are streamed, never read whole. Each reader yields `(line number, cells)` and skips
empty lines; checking the cells is `checking`'s job.
"""

from __future__ import annotations

import csv
import hashlib
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.utils.translation import gettext as _

from sectordata.importing.problems import FileRefused

MAX_FILE_BYTES = 150 * 1024 * 1024
CHUNK = 1024 * 1024
DELIMITERS = (";", ",", "\t", "|")  # in order of preference when counts tie
MAX_FIELD_BYTES = 128 * 1024  # the csv module's own limit: no figure or label is this long
MAX_COLUMNS = 1000
SNIFF_CHARS = 64 * 1024
XLSX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
XLSX_MAX_RATIO = 200


def file_hash(path: Path, extra: Path | None = None) -> str:
    digest = hashlib.sha256()
    for item in (path, extra):
        if item is None:
            continue
        with item.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    return digest.hexdigest()


def check_file(path: Path) -> str:
    """'xlsx' or 'csv', or FileRefused with what is wrong."""
    size = path.stat().st_size
    if size == 0:
        raise FileRefused(_("The file is empty."))
    if size > MAX_FILE_BYTES:
        raise FileRefused(
            _(
                "The file is %(size)d MB; the limit is %(max)d MB. Split the file or choose "
                "fewer periods."
            )
            % {"size": size // (1024 * 1024), "max": MAX_FILE_BYTES // (1024 * 1024)}
        )
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if b"\x00" in head:
        raise FileRefused(_("This is not a CSV or XLSX file."))
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:
            raise FileRefused(
                _("The file is not UTF-8 text. Download it again as CSV (UTF-8).")
            ) from exc
    return "csv"


def first_line(path: Path) -> str:
    """The first line (without a BOM), at most SNIFF_CHARS of it."""
    with open_text(path) as handle:
        try:
            return handle.readline(SNIFF_CHARS)
        except UnicodeDecodeError as exc:
            raise FileRefused(_not_utf8(1)) from exc


def open_text(path: Path):
    """A text handle for the csv module: UTF-8, a BOM dropped, line ends left to the reader."""
    return path.open("r", encoding="utf-8-sig", newline="")


def sniff_delimiter(sample: str) -> str:
    """The delimiter that occurs most often outside quotes (`;` when none does)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in sample[:SNIFF_CHARS]:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _not_utf8(row: int) -> str:
    return _(
        "The file is not valid UTF-8 text (near row %(row)d). Save or download it again as "
        "CSV (UTF-8) and try again."
    ) % {"row": row}


@contextmanager
def csv_problems(reader):
    """Turn what the csv module or the decoder refuses into a FileRefused that says where."""
    try:
        yield
    except UnicodeDecodeError as exc:
        raise FileRefused(_not_utf8(max(reader.line_num, 1))) from exc
    except csv.Error as exc:
        row = max(reader.line_num, 1)
        text = str(exc)
        if "field larger than field limit" in text:
            message = _(
                "row %(row)d: a field is longer than %(kb)d KB. This is not a table of "
                "figures; check the quotes in the file."
            ) % {"row": row, "kb": MAX_FIELD_BYTES // 1024}
        elif "NUL" in text:
            message = _("row %(row)d: the file contains a NUL character; it is not a text file.")
            message %= {"row": row}
        else:
            message = _("row %(row)d cannot be read as CSV: check the quotes.") % {"row": row}
        raise FileRefused(message) from exc


def check_columns(header: list[str], *, cut_off: bool = False) -> None:
    """Refuse more than MAX_COLUMNS columns; `cut_off`: the header was longer than what was
    read of it (SNIFF_CHARS), so there are at least this many."""
    if len(header) > MAX_COLUMNS or cut_off:
        raise FileRefused(
            _(
                "The file has %(count)s columns; at most %(max)d can be imported. Choose fewer "
                "topics or periods as columns on StatLine."
            )
            % {
                "count": (_("at least %(n)d") % {"n": len(header)}) if cut_off else len(header),
                "max": MAX_COLUMNS,
            }
        )


def tidy_csv_rows(path: Path) -> Iterator[tuple[int, list]]:
    delimiter = sniff_delimiter(first_line(path))
    with open_text(path) as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        with csv_problems(reader):
            for number, row in enumerate(reader, start=1):
                if number == 1:
                    check_columns(row)
                if row and any(c.strip() for c in row):
                    yield number, list(row)


def check_xlsx(path: Path) -> None:
    """Refuse a zip bomb and XML with a document type (entity expansion, external entities)
    before opening: total size and compression ratio are bounded, and no part of a real
    workbook declares a DOCTYPE."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > XLSX_MAX_UNCOMPRESSED or total / packed > XLSX_MAX_RATIO:
                raise FileRefused(
                    _("This XLSX file unpacks to a suspiciously large file and is refused.")
                )
            if "xl/workbook.xml" not in {i.filename for i in infos}:
                raise FileRefused(_("This is not a valid XLSX file (the workbook is missing)."))
            for info in infos:
                if info.filename.endswith((".xml", ".rels")) and _declares_doctype(archive, info):
                    raise FileRefused(
                        _(
                            "This XLSX file contains XML with a document type declaration "
                            "(%(part)s); a workbook from Excel or LibreOffice never does. "
                            "Save it again as XLSX, or as CSV."
                        )
                        % {"part": info.filename}
                    )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise FileRefused(_("This is not a valid XLSX file.")) from exc


_ROOT = re.compile(rb"<[A-Za-z_]")
XML_PROLOG_MAX = 1024 * 1024


def _declares_doctype(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """A DOCTYPE can only come before the root element, so only the prolog is read: up to
    the first element (at most XML_PROLOG_MAX bytes; a longer prolog is refused too)."""
    raw = b""
    prolog = b""
    with archive.open(info) as part:
        while len(raw) < XML_PROLOG_MAX:
            chunk = part.read(65536)
            if not chunk:
                break
            raw += chunk
            prolog = raw
            if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16: look at it as text
                prolog = raw.decode("utf-16", errors="ignore").encode("utf-8")
            match = _ROOT.search(prolog)
            if match:
                prolog = prolog[: match.start()]
                break
        else:
            return True
    upper = prolog.upper()
    return b"<!DOCTYPE" in upper or b"<!ENTITY" in upper


def xlsx_rows(path: Path) -> Iterator[tuple[int, list]]:
    from xml.etree.ElementTree import ParseError

    from openpyxl import load_workbook

    check_xlsx(path)
    try:
        # A file object, not a name: openpyxl refuses names without an .xlsx extension.
        with path.open("rb") as handle:
            workbook = load_workbook(handle, read_only=True, data_only=False)
            try:
                if not workbook.worksheets:
                    raise FileRefused(_("This XLSX file has no worksheet."))
                sheet = workbook.worksheets[0]
                for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                    if number == 1:
                        check_columns(list(row))
                    if row and any(cell not in (None, "") for cell in row):
                        yield number, ["" if cell is None else cell for cell in row]
            finally:
                workbook.close()
    except FileRefused:
        raise
    except (ParseError, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise FileRefused(
            _("This XLSX file cannot be read (%(problem)s). Save it again as XLSX, or as CSV.")
            % {"problem": type(exc).__name__}
        ) from exc
