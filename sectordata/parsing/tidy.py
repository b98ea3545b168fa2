"""Our own tidy shape, as CSV (`;` or `,`) or XLSX: one figure per row.

Columns (header names, case-insensitive): sector, indicator, period, value, unit, source.
Numbers in Dutch notation: `1.500` is fifteen hundred, `4,8` is four point eight.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from sectordata.parsing.problems import FileRefused

COLUMNS = ["sector", "indicator", "period", "value", "unit", "source"]
REQUIRED = ["sector", "indicator", "period", "value"]
XLSX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
XLSX_MAX_RATIO = 200


def header_map(header: list[str]) -> dict[str, int]:
    names = [h.strip().lstrip("\ufeff").strip('"').lower() for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise FileRefused(
            "Kolommen ontbreken: "
            + ", ".join(missing)
            + ". Verwacht: sector, indicator, period, value, unit, source."
        )
    return {c: names.index(c) for c in COLUMNS if c in names}


def check_xlsx(path: Path) -> None:
    """Refuse a zip bomb before opening: total size and compression ratio are bounded."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise FileRefused("Dit is geen geldig XLSX-bestand.") from exc
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > XLSX_MAX_UNCOMPRESSED or total / packed > XLSX_MAX_RATIO:
        raise FileRefused(
            "Dit XLSX-bestand pakt uit tot een verdacht groot bestand en wordt geweigerd."
        )
    if "xl/workbook.xml" not in {i.filename for i in infos}:
        raise FileRefused("Dit is geen geldig XLSX-bestand (werkmap ontbreekt).")


def iter_xlsx(path: Path) -> Iterator[tuple[int, list]]:
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
