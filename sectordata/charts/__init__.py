"""Chart data: what a chart shows, built from the current version of a table.

A chart is named by a `ChartSpec` (table, indicator, the fixed value of every other
dimension, and whether it is a time series or a comparison between sectors). Its data is a
`ChartData` (sectordata/chartdata.py), which a session keeps as a JSON frozen copy that later
imports never change.
"""

from sectordata.charts.building import KIND_PREFERENCE, MAX_BARS, SERIES_POINTS, chart_data
from sectordata.charts.numbers import (
    format_number,
    shown_unit,
    shown_value,
    unit_label,
    with_unit,
)
from sectordata.charts.spec import ChartSpec
from sectordata.charts.text import (
    change_text,
    describe,
    period_text,
    reference_date,
    source_line,
    statline_url,
)

__all__ = [
    "KIND_PREFERENCE",
    "MAX_BARS",
    "SERIES_POINTS",
    "ChartSpec",
    "change_text",
    "chart_data",
    "describe",
    "format_number",
    "period_text",
    "reference_date",
    "shown_unit",
    "shown_value",
    "source_line",
    "statline_url",
    "unit_label",
    "with_unit",
]
