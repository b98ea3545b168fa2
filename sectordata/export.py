"""The figures of a table in the tidy shape: for each dimension its code and label, then the
period code, indicator, value and unit, written by `praktijktafel.csvfiles` (`;`, a decimal
comma, every text cell that would start a formula escaped, the header row included: its
column names come from the imported file)."""

from __future__ import annotations

from collections.abc import Iterator

from praktijktafel.csvfiles import Cell, cell_text, csv_lines
from sectordata.models import DIM_FIELDS, Dataset, DimensionValue, Figure, Indicator


def export_rows(dataset: Dataset) -> Iterator[list[str]]:
    for row in _raw_rows(dataset):
        yield [cell_text(value) for value in row]


def _raw_rows(dataset: Dataset) -> Iterator[list[Cell]]:
    """Text as stored and figures as floats; `export_rows` makes them cells."""
    dims = dataset.dimensions[:4]
    values = {v.pk: v for v in DimensionValue.objects.filter(dataset=dataset)}
    indicators = {i.pk: i for i in Indicator.objects.filter(dataset=dataset)}
    header: list[Cell] = []
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
        cells: list[Cell] = []
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
    return csv_lines(_raw_rows(dataset))
