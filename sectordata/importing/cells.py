"""What both row checkers (`cbs_rows`, `tidy_rows`) share: how a bad cell is quoted in a
message, and the shape of the COPY text they hand to the writer."""

from __future__ import annotations

from sectordata.models import Dataset

CHUNK_LINES = 20_000  # figures per piece of COPY text
NULL = "\\N"
PERIOD_MAX = Dataset._meta.get_field("period_from").max_length or 20
SHOWN_MAX = 40  # characters of a bad cell quoted in a message


def shown(text: str) -> str:
    """A cell as quoted in a message: trimmed, and cut short when long."""
    text = text.strip()
    return text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 1] + "…"
