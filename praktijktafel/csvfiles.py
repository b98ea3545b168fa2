"""CSV files as Dutch Excel opens them: a BOM (so it reads UTF-8), `;` between cells, CRLF,
a decimal comma, and yes/no in the reader's language.

Every text cell that would start a spreadsheet formula gets a leading quote, here and only
here: titles, firm names and column names come from people or imported files. Numbers are
written by us from a number, so a negative figure stays a number.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

Cell = str | int | float | None

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def safe_cell(text: str) -> str:
    # Spreadsheets skip leading spaces before a formula too (" =1+1").
    return "'" + text if text.lstrip(" ").startswith(FORMULA_START) else text


def decimal_comma(value: float) -> str:
    return format(value, ".15g").replace(".", ",")


def cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return decimal_comma(value)
    return safe_cell(value)


def csv_lines(rows: Iterable[Iterable[Cell]]) -> Iterator[str]:
    """The file line by line, the BOM first: for a streaming response or standard output."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield BOM
    for row in rows:
        yield writer.writerow([cell_text(value) for value in row])


def csv_bytes(rows: Iterable[Iterable[Cell]]) -> bytes:
    """The whole file, for an export that returns `(filename, content_type, bytes)`."""
    return "".join(csv_lines(rows)).encode()
