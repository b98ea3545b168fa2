"""Reading a file: what it is (CSV or XLSX, size, encoding), its fingerprint, and its rows.

Rows are streamed, never read whole. Each reader yields `(line number, cells)` and skips
empty lines; checking the cells is the job of `cbs_rows` and `tidy_rows`.
"""

from __future__ import annotations

import codecs
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
    workbook declares a DOCTYPE. This runs before openpyxl parses anything (so defusedxml,
    which openpyxl would use when installed, is not needed) and says which part is wrong."""
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
                if _declares_doctype(archive, info):
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


# Every part is checked, whatever its name: a relationship may point a worksheet at any part
# name (also one ending in .png). A picture holding these keywords by chance is as good as
# impossible.
_KEYWORDS = ("<!DOCTYPE", "<!ENTITY")
_OVERLAP = max(len(k) for k in _KEYWORDS) * 4  # in characters, for a keyword cut by a chunk
_DECLARED = re.compile(r"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
# Encodings a part may name: Excel and LibreOffice write UTF-8 (UTF-16 is allowed by the
# standard); the others spell "<!DOCTYPE" in plain ASCII. Any other (EBCDIC, UTF-7, where
# "+ADw-" is a "<") could hide the keywords from this check and is refused.
_KNOWN_ENCODINGS = {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin1", "windows-1252"}
_WIDE = ("utf-16", "utf-32")


def _xml_encoding(start: bytes) -> str:
    """The encoding an XML parser reads a part in, from its first four bytes (XML 1.0,
    appendix F): with or without a byte order mark, UTF-8, UTF-16 or UTF-32 in either byte
    order. Without a mark, the NUL bytes around the first '<' tell the width."""
    for mark, name in (
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\xfe\xff", "utf-16-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xef\xbb\xbf", "utf-8-sig"),
    ):
        if start.startswith(mark):
            return name
    head = start[:4].ljust(4, b"\x01")
    if head[0] == 0 and head[1] == 0:
        return "utf-32-be"
    if head[1] == 0 and head[2] == 0 and head[3] == 0:
        return "utf-32-le"
    if head[0] == 0:
        return "utf-16-be"
    if head[1] == 0:
        return "utf-16-le"
    return "utf-8"


def _declares_doctype(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether a part has a document type or entity declaration anywhere, read in the
    encoding a parser would use (not only the prolog: a comment before the DOCTYPE can hold
    something that looks like the first element). A part that names an
    encoding outside _KNOWN_ENCODINGS is refused too: it could hide them."""
    with archive.open(info) as part:
        first = part.read(65536)
        encoding = _xml_encoding(first)
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        text = decoder.decode(first)
        declared = _DECLARED.match(text)
        if declared:
            name = declared.group(1).lower().replace("_", "-")
            if not (name in _KNOWN_ENCODINGS or name.startswith(_WIDE)):
                return True
        tail = ""
        while True:
            # NULs out: a wide part read at the wrong width still shows its keywords.
            window = (tail + text).upper().replace("\x00", "")
            if any(keyword in window for keyword in _KEYWORDS):
                return True
            tail = window[-_OVERLAP:]
            chunk = part.read(CHUNK)
            if not chunk:
                return False
            text = decoder.decode(chunk)


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
