"""Numbers as CBS writes them (typed data: '.' is the decimal point, '.' alone is missing)
and as Dutch spreadsheets write them ('1.500' is fifteen hundred, '4,8' four point eight).
A number too large for a float (1e999, or 17 followed by 310 zeros) is not a number here."""

from __future__ import annotations

import math
import re

MISSING = frozenset({"", ".", "-", "x", "?"})
CBS_PATTERN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DUTCH = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")


class NotANumber(ValueError):
    pass


class NotFinite(NotANumber):
    """Written as a number, but beyond what a float holds."""


def finite(value: float, text: str) -> float:
    if not math.isfinite(value):
        raise NotFinite(text)
    return value


def cbs_number(text: str) -> float | None:
    value = text.strip()
    if value in MISSING:
        return None
    if not CBS_PATTERN.match(value):
        raise NotANumber(value)
    return finite(float(value), value)


def dutch_number(text: str | float | int | None) -> float | None:
    if text is None:
        return None
    if isinstance(text, int | float):
        try:
            return finite(float(text), str(text))
        except OverflowError as exc:  # an int beyond any float
            raise NotFinite(str(text)) from exc
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    if value in MISSING:
        return None
    if not _DUTCH.match(value):
        raise NotANumber(value)
    return finite(float(value.replace(".", "").replace(",", ".")), value)
