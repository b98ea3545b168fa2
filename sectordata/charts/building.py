"""A chart's data built from the current version of its table: a series through time, or
sectors side by side."""

from __future__ import annotations

import math
from collections import Counter
from datetime import date

from sectordata.chartdata import ChartData
from sectordata.charts.spec import ChartSpec
from sectordata.models import DIM_FIELDS, Dataset, DimensionValue, Figure, Indicator
from sectordata.periods import parse_period, period_label

SERIES_POINTS = 12  # three years of quarters: readable across a room
MAX_BARS = 14
KIND_PREFERENCE = {"KW": 0, "JJ": 1, "MM": 2, "XX": 3}


def _one_year_earlier(code: str) -> str | None:
    _kind, start = parse_period(code)
    if start is None:
        return None
    return code.replace(str(start.year), str(start.year - 1), 1)


def _dimension_filter(dataset: Dataset, fixed: dict[str, str], free: str = "") -> dict | None:
    """ORM filter for the figures that match the fixed dimension values; None when a value
    no longer exists in this version of the table."""
    values = {
        (v.dimension, v.code): v.pk
        for v in DimensionValue.objects.filter(dataset=dataset, dimension__in=dataset.dimensions)
    }
    query: dict = {}
    for position, dimension in enumerate(dataset.dimensions[:4]):
        if dimension == free:
            continue
        code = fixed.get(dimension)
        if code is None or (dimension, code) not in values:
            return None
        query[DIM_FIELDS[position]] = values[(dimension, code)]
    return query


def _chosen_kind(kinds: list[str]) -> str | None:
    """The period kind a chart shows: the most common of year, quarter and month. Other
    codes (e.g. 2010X000, a figure by an older method at a series break) are kept in the
    table but never plotted: they are not a point in time of the same series."""
    counts = Counter(kind for kind in kinds if kind != "XX")
    if not counts:
        return None
    return min(counts, key=lambda k: (-counts[k], KIND_PREFERENCE[k]))


def chart_data(spec: ChartSpec) -> ChartData | None:
    """The chart's data from the current version of its table, or None if it has none."""
    dataset = Dataset.objects.filter(table_id=spec.table_id, is_current=True).first()
    if dataset is None:
        return None
    indicator = Indicator.objects.filter(dataset=dataset, code=spec.indicator).first()
    if indicator is None:
        return None
    fixed = dict(spec.fixed)
    labels = {
        (v.dimension, v.code): v.label
        for v in DimensionValue.objects.filter(dataset=dataset, dimension__in=dataset.dimensions)
    }
    context = [labels.get((dim, code), code) for dim, code in spec.fixed if dim != spec.compare_dim]
    if spec.kind == "series":
        data = _series(dataset, indicator, fixed)
    else:
        data = _compare(dataset, indicator, fixed, spec.compare_dim, labels)
    if data is None:
        return None
    title = indicator.title + (f", {', '.join(context)}" if context else "")
    if spec.kind == "compare":
        title += f" ({data['period_label']})"
    return ChartData(
        **data,
        kind=spec.kind,
        key=spec.key(),
        title=title,
        indicator=indicator.title,
        unit=indicator.unit,
        decimals=indicator.decimals,
        source=dataset.source,
        table_id=dataset.table_id,
        dataset_id=dataset.pk,
        licence=dataset.licence,
        source_modified=dataset.source_modified,
        imported_at=dataset.imported_at.isoformat(),
    )


def _series(dataset: Dataset, indicator: Indicator, fixed: dict[str, str]) -> dict | None:
    """The series' own fields of its ChartData."""
    query = _dimension_filter(dataset, fixed)
    if query is None:
        return None
    rows = [
        row
        for row in Figure.objects.filter(dataset=dataset, indicator=indicator, **query)
        .exclude(value=None)
        .values_list("period", "period_kind", "period_start", "value")
        if row[3] is not None and math.isfinite(row[3])  # an infinity stored before
    ]
    if not rows:
        return None
    kind = _chosen_kind([r[1] for r in rows])
    if kind is None:
        return None
    points = sorted(
        ((r[2] or date.min, r[0], r[3]) for r in rows if r[1] == kind), key=lambda r: (r[0], r[1])
    )[-SERIES_POINTS:]
    periods = [p[1] for p in points]
    by_period = {r[0]: r[3] for r in rows}
    latest = periods[-1]
    earlier = _one_year_earlier(latest)
    return {
        "labels": tuple(period_label(p) for p in periods),
        "periods": tuple(periods),
        "values": tuple(p[2] for p in points),
        "highlight": len(points) - 1,
        "period_text": latest if len(periods) == 1 else f"{periods[0]}–{latest}",
        "period_label": period_label(latest),
        "latest": by_period[latest],
        "year_earlier": by_period.get(earlier) if earlier else None,
        "year_earlier_label": period_label(earlier) if earlier else "",
    }


def _compare(
    dataset: Dataset,
    indicator: Indicator,
    fixed: dict[str, str],
    compare_dim: str,
    labels: dict[tuple[str, str], str],
) -> dict | None:
    """The comparison's own fields of its ChartData."""
    if compare_dim not in dataset.dimensions[:4]:
        return None
    query = _dimension_filter(dataset, fixed, free=compare_dim)
    if query is None:
        return None
    position = dataset.dimensions.index(compare_dim)
    bars = DimensionValue.objects.filter(
        dataset=dataset,
        dimension=compare_dim,
        kind__in=[DimensionValue.Kind.SECTOR, DimensionValue.Kind.TOTAL],
    )
    ids = {v.pk: v for v in _same_level(list(bars), fixed.get(compare_dim, ""))}
    rows = [
        row
        for row in Figure.objects.filter(
            dataset=dataset, indicator=indicator, **query, **{f"{DIM_FIELDS[position]}__in": ids}
        )
        .exclude(value=None)
        .values_list("period", "period_kind", "period_start", DIM_FIELDS[position], "value")
        if row[4] is not None and math.isfinite(row[4])
    ]
    if not rows:
        return None
    kind = _chosen_kind([r[1] for r in rows])
    if kind is None:
        return None
    latest = max((r for r in rows if r[1] == kind), key=lambda r: (r[2] or date.min, r[0]))[0]
    values = {r[3]: r[4] for r in rows if r[0] == latest}
    sector_max = max(
        (abs(v) for pk, v in values.items() if ids[pk].kind == DimensionValue.Kind.SECTOR),
        default=0,
    )
    if indicator.unit.strip() != "%" and sector_max:
        # A national total of a count would dwarf every sector's bar; percentages keep it.
        values = {
            pk: v
            for pk, v in values.items()
            if ids[pk].kind != DimensionValue.Kind.TOTAL or abs(v) <= 3 * sector_max
        }
    order = [pk for pk in ids if pk in values]
    if len(order) < 2:
        return None  # a comparison needs at least two bars
    highlight_code = fixed.get(compare_dim, "")
    return {
        "labels": tuple(labels.get((compare_dim, ids[pk].code), ids[pk].code) for pk in order),
        "codes": tuple(ids[pk].code for pk in order),
        "values": tuple(values[pk] for pk in order),
        "highlight": next(
            (i for i, pk in enumerate(order) if ids[pk].code == highlight_code), None
        ),
        "period_text": latest,
        "period_label": period_label(latest),
    }


def _level(sbi_code: str) -> str:
    if not sbi_code:
        return ""
    return "section" if sbi_code[0].isalpha() else f"division{len(sbi_code)}"


def _same_level(values: list[DimensionValue], highlight_code: str) -> list[DimensionValue]:
    """Bars for sectors at the level of the highlighted one (sections with sections,
    divisions with divisions), plus the totals; at most MAX_BARS."""
    mine = next((v for v in values if v.code == highlight_code), None)
    level = _level(mine.sbi_code) if mine else None
    chosen = [
        v
        for v in values
        if v.kind == DimensionValue.Kind.TOTAL or level is None or _level(v.sbi_code) == level
    ]
    if mine is not None and mine not in chosen[:MAX_BARS]:
        chosen = [*chosen[: MAX_BARS - 1], mine]
    return chosen[:MAX_BARS]
