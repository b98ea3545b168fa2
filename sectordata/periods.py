"""CBS period codes: 2023KW03 (quarter), 2022JJ00 (year), 2024MM05 (month). Other codes
(e.g. 2023X000 or a two-year code) are kept as they are, without a start date."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from praktijktafel.dates import SANE_YEARS, quarter_label

_CODE = re.compile(r"^(\d{4})(JJ|KW|MM)(\d{2})$")


@lru_cache(maxsize=4096)
def parse_period(code: str) -> tuple[str, date | None]:
    match = _CODE.match(code.strip())
    if not match:
        return "XX", None
    year, kind, number = int(match.group(1)), match.group(2), int(match.group(3))
    if not SANE_YEARS[0] - 200 <= year <= SANE_YEARS[1]:
        # "0000KW01" is no date at all (date() refuses year 0); a year far ahead is a typo.
        # Both are kept as codes without a start, which the import reports.
        return "XX", None
    if kind == "JJ" and number == 0:
        return "JJ", date(year, 1, 1)
    if kind == "KW" and 1 <= number <= 4:
        return "KW", date(year, 3 * (number - 1) + 1, 1)
    if kind == "MM" and 1 <= number <= 12:
        return "MM", date(year, number, 1)
    return "XX", None


def period_label(code: str) -> str:
    kind, start = parse_period(code)
    if start is None:
        return code
    if kind == "JJ":
        return str(start.year)
    if kind == "KW":
        return quarter_label(start.year, (start.month - 1) // 3 + 1)
    return f"{start.year}-{start.month:02d}"
