from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from sectordata import charts, periods, svg
from sectordata.chartdata import ChartData

register = template.Library()


@register.filter
def chart_svg(data: ChartData) -> SafeString:
    return svg.render(data)


@register.filter
def chart_svg_narrow(data: ChartData) -> SafeString:
    """The same chart laid out for a phone: fewer, larger labels; bars under their label."""
    return svg.render(data, narrow=True)


@register.filter
def statline_url(data: ChartData) -> str:
    return charts.statline_url(data)


@register.filter
def period_label(code: str) -> str:
    """'2023KW03' as the charts write it: '2023 K3'; an unknown code stays as it is."""
    return periods.period_label(code or "")


@register.filter
def chart_source(data: ChartData) -> str:
    return charts.source_line(data)


@register.filter
def chart_description(data: ChartData) -> str:
    return charts.describe(data)


@register.filter
def chart_rows(data: ChartData) -> list[tuple[str, str, bool]]:
    """(label, value with the reader's notation, highlighted) for the table beside a chart."""
    return [
        (label, charts.shown_value(value, data), index == data.highlight)
        for index, (label, value) in enumerate(zip(data.labels, data.values, strict=True))
    ]


@register.filter
def change_text(data: ChartData) -> str:
    """'+1,4 against 2023 K2' for a series with a figure a year earlier; '' otherwise."""
    return charts.change_text(data)


@register.filter
def unit_label(unit: str) -> str:
    """'x 1 000' as a reader reads it: '× 1.000'."""
    return charts.unit_label(unit)


@register.filter
def shown_unit(data: ChartData) -> str:
    """The unit beside shown figures ("" when a multiplier like "x 1 000" is written out)."""
    return charts.shown_unit(data)


@register.filter
def latest_with_unit(data: ChartData) -> str:
    return charts.with_unit(data.latest, data)


@register.filter
def dimension_kind_label(kind: str) -> str:
    """The reader's word for a kind of dimension value ('sector' → 'Sector (SBI)')."""
    from sectordata.models import DimensionValue

    try:
        return str(DimensionValue.Kind(kind).label)
    except ValueError:
        return kind
