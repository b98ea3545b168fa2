"""Numbers as CBS writes them (typed data: '.' is the decimal point, '.' alone is missing)
and as Dutch spreadsheets write them ('1.500' is fifteen hundred, '4,8' four point eight)."""

from __future__ import annotations

import re

MISSING = {"", ".", "-", "x", "?"}
_CBS = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DUTCH = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")


class NotANumber(ValueError):
    pass


def cbs_number(text: str) -> float | None:
    value = text.strip()
    if value in MISSING:
        return None
    if not _CBS.match(value):
        raise NotANumber(value)
    return float(value)


def dutch_number(text: str | float | int | None) -> float | None:
    if text is None:
        return None
    if isinstance(text, int | float):
        return float(text)
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    if value in MISSING:
        return None
    if not _DUTCH.match(value):
        raise NotANumber(value)
    return float(value.replace(".", "").replace(",", "."))
