"""Reading a file: what it is (CSV or XLSX, size, encoding), its fingerprint, and its rows.

Rows are streamed, never read whole. Each reader yields `(line number, cells)` and skips
empty lines; checking the cells is `checking`'s job.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from sectordata.importing.problems import FileRefused

MAX_FILE_BYTES = 150 * 1024 * 1024
CHUNK = 1024 * 1024
CBS_DELIMITER = ";"
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
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        return handle.readline()


def cbs_rows(stream: io.TextIOBase) -> Iterator[tuple[int, list[str]]]:
    """Rows of a CBS file with their line number (the header is line 1)."""
    reader = csv.reader(stream, delimiter=CBS_DELIMITER)
    for number, row in enumerate(reader, start=1):
        if row and any(cell.strip() for cell in row):
            yield number, row


def tidy_csv_rows(path: Path) -> Iterator[tuple[int, list]]:
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
        delimiter = ";" if first.count(";") >= first.count(",") else ","
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter)
        for number, row in enumerate(reader, start=1):
            if row and any(c.strip() for c in row):
                yield number, list(row)


def check_xlsx(path: Path) -> None:
    """Refuse a zip bomb before opening: total size and compression ratio are bounded."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise FileRefused(_("This is not a valid XLSX file.")) from exc
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > XLSX_MAX_UNCOMPRESSED or total / packed > XLSX_MAX_RATIO:
        raise FileRefused(_("This XLSX file unpacks to a suspiciously large file and is refused."))
    if "xl/workbook.xml" not in {i.filename for i in infos}:
        raise FileRefused(_("This is not a valid XLSX file (the workbook is missing)."))


def xlsx_rows(path: Path) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook

    check_xlsx(path)
    workbook = load_workbook(path, read_only=True, data_only=False)
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if row and any(cell not in (None, "") for cell in row):
                yield number, ["" if cell is None else cell for cell in row]
    finally:
        workbook.close()
