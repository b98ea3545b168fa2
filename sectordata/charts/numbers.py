"""A chart's figures and units as a reader reads them, in the reader's notation."""

from __future__ import annotations

import math
import re

from django.utils.formats import number_format

from sectordata.chartdata import ChartData


def format_number(value: float | None, decimals: int = 0) -> str:
    """In the reader's notation: 1.234,5 in Dutch, 1,234.5 in English."""
    if value is None or not math.isfinite(value):
        return "–"
    # Django cuts a float's decimals off (1599.9999 would read "1.599"); round first. A
    # difference of two floats is rarely exact, so this is what makes "+1.600" read right.
    rounded = round(value, decimals)
    if rounded == 0:
        rounded = 0.0  # no "-0"
    return number_format(rounded, decimals, use_l10n=True, force_grouping=True)


_GROUPED_DIGITS = re.compile(r"\d{1,3}(?: \d{3})+")
_TIMES = re.compile(r"^[xX×]\s*(?=\d)")


def unit_label(unit: str) -> str:
    """A CBS unit as a reader reads it: 'x 1 000' is '× 1.000' in Dutch, 'per 1 000 banen'
    is 'per 1.000 banen'; '%' and 'euro' stay as they are."""
    text = _TIMES.sub("× ", (unit or "").strip())
    return _GROUPED_DIGITS.sub(
        lambda match: format_number(int(match.group(0).replace(" ", ""))), text
    )


_MULTIPLIER = re.compile(r"^\s*x\s*(1(?:[\s.]?000)+)\s*$", re.IGNORECASE)


def _multiplier(data: ChartData) -> int:
    """1000 for CBS's unit "x 1 000" (and 1000000 for "x 1 000 000"); 1 otherwise."""
    found = _MULTIPLIER.match(data.unit or "")
    return int(re.sub(r"\D", "", found.group(1))) if found else 1


def shown_value(value: float | None, data: ChartData) -> str:
    """A figure as a reader reads it: "15,2" in "x 1 000" becomes "15.200"."""
    multiplier = _multiplier(data)
    decimals = data.decimals
    if value is None or multiplier == 1:
        return format_number(value, decimals)
    return format_number(value * multiplier, max(0, decimals - len(str(multiplier)) + 1))


def shown_unit(data: ChartData) -> str:
    """The unit to print next to shown values: none for a multiplier, it is written out."""
    return "" if _multiplier(data) != 1 else (data.unit or "")


def with_unit(value: float | None, data: ChartData) -> str:
    text = shown_value(value, data)
    unit = shown_unit(data)
    if not unit or value is None:
        return text
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit_label(unit)}"
