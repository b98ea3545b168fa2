"""The figures of a table in the tidy shape: for each dimension its code and label, then the
period code, indicator, value and unit. `;`-separated with a decimal comma, as Dutch Excel
opens it. Every text cell, the header row included (its column names come from the imported
file), that would start a spreadsheet formula is escaped with a leading quote, in one place:
`export_rows`. Only the figures, which we write ourselves from a number, are left as they
are, so a negative figure stays a number."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from sectordata.models import DIM_FIELDS, Dataset, DimensionValue, Figure, Indicator

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def safe_cell(text: str) -> str:
    # Spreadsheets skip leading spaces before a formula too (" =1+1").
    return "'" + text if text.lstrip(" ").startswith(FORMULA_START) else text


def decimal_comma(value: float) -> str:
    return format(value, ".15g").replace(".", ",")


def _cell(value: str | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return decimal_comma(value)
    return safe_cell(value)


def export_rows(dataset: Dataset) -> Iterator[list[str]]:
    for row in _raw_rows(dataset):
        yield [_cell(value) for value in row]


def _raw_rows(dataset: Dataset) -> Iterator[list[str | float | None]]:
    """Text as stored and figures as floats; `export_rows` makes them cells."""
    dims = dataset.dimensions[:4]
    values = {v.pk: v for v in DimensionValue.objects.filter(dataset=dataset)}
    indicators = {i.pk: i for i in Indicator.objects.filter(dataset=dataset)}
    header: list[str | float | None] = []
    for dim in dims:
        header += [f"{dim}_code", dim]
    yield [*header, "periode", "indicator", "waarde", "eenheid"]
    fields = [*DIM_FIELDS[: len(dims)], "period", "indicator_id", "value"]
    figures = (
        Figure.objects.filter(dataset=dataset)
        .order_by("indicator_id", *DIM_FIELDS[: len(dims)], "period_start", "period")
        .values_list(*fields)
        .iterator(chunk_size=5000)
    )
    for row in figures:
        cells: list[str | float | None] = []
        for pk in row[: len(dims)]:
            value = values.get(pk)
            cells += [value.code, value.label] if value else ["", ""]
        period, indicator_pk, number = row[len(dims) :]
        indicator = indicators[indicator_pk]
        cells += [
            period,
            indicator.title,
            None if number is None else float(number),
            indicator.unit,
        ]
        yield cells


def export_lines(dataset: Dataset) -> Iterator[str]:
    """CSV lines one by one, for a streaming response or standard output."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff"  # so Excel reads UTF-8
    for row in export_rows(dataset):
        yield writer.writerow(row)
