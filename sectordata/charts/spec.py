"""`ChartSpec`: what names a chart, and its key (the form a session and an address keep)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote


@dataclass(frozen=True)
class ChartSpec:
    table_id: str
    indicator: str
    kind: str  # "series" (one line through time) or "compare" (sectors side by side)
    fixed: tuple[tuple[str, str], ...]  # (dimension, code) for every dimension held still
    compare_dim: str = ""  # for "compare": the sector dimension whose values become bars

    def key(self) -> str:
        """Five parts joined by "|"; each id and code is %-escaped first, so a "|", "," or "="
        inside a table id or code (any character can come from an imported file) cannot
        split the key in the wrong place."""
        fixed = ",".join(f"{_escape(dim)}={_escape(code)}" for dim, code in self.fixed)
        return "|".join(
            (
                _escape(self.table_id),
                _escape(self.indicator),
                self.kind,
                fixed,
                _escape(self.compare_dim),
            )
        )

    @classmethod
    def from_key(cls, key: str) -> ChartSpec | None:
        parts = key.split("|")
        if len(parts) != 5 or parts[2] not in ("series", "compare"):
            return None
        fixed = tuple(
            (unquote(dim), unquote(code))
            for dim, _eq, code in (item.partition("=") for item in parts[3].split(","))
            if _eq
        )
        return cls(unquote(parts[0]), unquote(parts[1]), parts[2], fixed, unquote(parts[4]))


def _escape(text: str) -> str:
    return quote(text, safe="")
