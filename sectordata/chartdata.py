"""The shape of a chart's data: what `charts.chart_data` builds from a table, what a session
keeps as its frozen copy (JSON in `SessionChart.data`), and what the SVG, the templates, the
projector and the quarterly PDF read. One typed shape, so a field is named once."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

_SEQUENCES = ("labels", "values", "periods", "codes")


@dataclass(frozen=True)
class ChartData:
    kind: str  # "series" (a line through time), "compare" (sectors side by side) or "bars"
    title: str
    labels: tuple[str, ...]  # what each point or bar is, as the reader reads it
    values: tuple[float, ...]
    indicator: str = ""
    unit: str = ""  # as the source writes it: "%", "x 1 000", "per 1 000 banen"
    decimals: int = 0
    highlight: int | None = None  # the point or bar drawn in the accent colour
    period_text: str = ""  # the period codes: "2023KW02–2023KW03"
    period_label: str = ""  # the (last) period as the reader reads it: "2023 K3"
    key: str = ""  # the ChartSpec key; the programme's own charts have one of their own
    source: str = ""
    table_id: str = ""
    dataset_id: int | None = None
    licence: str = ""
    source_modified: str = ""  # ISO date the source gives, or ""
    imported_at: str = ""  # ISO moment of the import
    # A series only:
    periods: tuple[str, ...] = ()
    latest: float | None = None
    year_earlier: float | None = None
    year_earlier_label: str = ""
    # A comparison only: the sector codes of the bars.
    codes: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """For the JSONField: lists, not tuples, so the saved and the read copy are equal."""
        return {
            name: list(value) if isinstance(value, tuple) else value
            for name, value in asdict(self).items()
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ChartData:
        """A frozen copy read back. Copies made before a field existed get its default; a key
        no longer written is left out."""
        names = {f.name for f in fields(cls)}
        known = {name: value for name, value in data.items() if name in names}
        for name in _SEQUENCES:
            if name in known:
                known[name] = tuple(known[name])
        return cls(**known)
