"""Chart data: what a chart shows, built from the current version of a table.

A chart is named by a `ChartSpec` (table, indicator, the fixed value of every other
dimension, and whether it is a time series or a comparison between sectors). Its data is a
`ChartData` (sectordata/chartdata.py), which a session keeps as a JSON frozen copy that later
imports never change.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote, unquote

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sectordata.chartdata import ChartData
from sectordata.models import DIM_FIELDS, Dataset, DimensionValue, Figure, Indicator
from sectordata.periods import parse_period, period_label

SERIES_POINTS = 12  # three years of quarters: readable across a room
MAX_BARS = 14
KIND_PREFERENCE = {"KW": 0, "JJ": 1, "MM": 2, "XX": 3}


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


def source_line(data: ChartData) -> str:
    """'Bron: CBS StatLine, tabel 80472NED, 2023 K2–2023 K3, peilmoment 5 dec 2026'; made
    when shown, in the reader's language, from the frozen data. Periods are written as the
    chart writes them (never the code 2023KW03 next to the label 2023 K3)."""
    return _("Source: %(source)s, table %(table)s, %(period)s, reference date %(date)s") % {
        "source": data.source or _("own file"),
        "table": data.table_id,
        "period": period_text(data),
        "date": reference_date(data),
    }


def period_text(data: ChartData) -> str:
    periods = data.periods
    if data.kind == "series" and periods:
        first, last = period_label(periods[0]), period_label(periods[-1])
        return last if first == last else f"{first}–{last}"
    if data.period_label:
        return data.period_label
    return "–".join(period_label(code) for code in data.period_text.split("–"))


def reference_date(data: ChartData) -> str:
    """The moment the figures are as of: when the source last changed the table (CBS's
    "Gewijzigd op" in the metadata), else when it was imported here."""
    from praktijktafel.dates import local_format

    text = data.source_modified or data.imported_at or ""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return text or "–"
    return local_format(moment, "j M Y")


_STATLINE_TABLE = re.compile(r"^\d{5}[A-Z]{3}$")


def statline_url(data: ChartData) -> str:
    """The table on CBS StatLine, for a CBS table id (80472NED); "" for any other source."""
    table = (data.table_id or "").strip()
    if "cbs" not in (data.source or "").lower() or not _STATLINE_TABLE.match(table):
        return ""
    return f"https://opendata.cbs.nl/#/CBS/nl/dataset/{table}/table"


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


def format_number(value: float | None, decimals: int = 0) -> str:
    """In the reader's notation: 1.234,5 in Dutch, 1,234.5 in English."""
    if value is None or not math.isfinite(value):
        return "–"
    # Django cuts a float's decimals off (1599.9999 would read "1.599"); round first. A
    # difference of two floats is rarely exact, so this is what makes "+1.600" read right.
    rounded = round(value, decimals)
    if rounded == 0:
        rounded = 0.0  # no "-0"
    return number_format(rounded, decimals, use_l10n=True, force_grouping=True)


_GROUPED_DIGITS = re.compile(r"\d{1,3}(?: \d{3})+")
_TIMES = re.compile(r"^[xX×]\s*(?=\d)")


def unit_label(unit: str) -> str:
    """A CBS unit as a reader reads it: 'x 1 000' is '× 1.000' in Dutch, 'per 1 000 banen'
    is 'per 1.000 banen'; '%' and 'euro' stay as they are."""
    text = _TIMES.sub("× ", (unit or "").strip())
    return _GROUPED_DIGITS.sub(
        lambda match: format_number(int(match.group(0).replace(" ", ""))), text
    )


_MULTIPLIER = re.compile(r"^\s*x\s*(1(?:[\s.]?000)+)\s*$", re.IGNORECASE)


def _multiplier(data: ChartData) -> int:
    """1000 for CBS's unit "x 1 000" (and 1000000 for "x 1 000 000"); 1 otherwise."""
    found = _MULTIPLIER.match(data.unit or "")
    return int(re.sub(r"\D", "", found.group(1))) if found else 1


def shown_value(value: float | None, data: ChartData) -> str:
    """A figure as a reader reads it: "15,2" in "x 1 000" becomes "15.200"."""
    multiplier = _multiplier(data)
    decimals = data.decimals
    if value is None or multiplier == 1:
        return format_number(value, decimals)
    return format_number(value * multiplier, max(0, decimals - len(str(multiplier)) + 1))


def shown_unit(data: ChartData) -> str:
    """The unit to print next to shown values: none for a multiplier, it is written out."""
    return "" if _multiplier(data) != 1 else (data.unit or "")


def with_unit(value: float | None, data: ChartData) -> str:
    text = shown_value(value, data)
    unit = shown_unit(data)
    if not unit or value is None:
        return text
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit_label(unit)}"


def describe(data: ChartData) -> str:
    """A sentence that says what the chart shows, for screen readers and the PDF."""
    values = data.values
    if data.kind == "series":
        first, last = values[0], values[-1]
        text = _("%(indicator)s from %(start)s to %(end)s: from %(first)s to %(last)s.") % {
            "indicator": data.indicator,
            "start": data.labels[0],
            "end": data.labels[-1],
            "first": with_unit(first, data),
            "last": with_unit(last, data),
        }
        if len(values) > 2:
            top = max(range(len(values)), key=lambda i: values[i])
            text += " " + _("Highest in %(period)s (%(value)s).") % {
                "period": data.labels[top],
                "value": with_unit(values[top], data),
            }
        return text
    top = max(range(len(values)), key=lambda i: values[i])
    if len(values) == 1:  # one group: no "highest", no "1 groepen"
        return _("%(indicator)s in %(period)s: %(label)s (%(value)s).") % {
            "indicator": data.indicator,
            "period": data.period_label,
            "label": data.labels[0],
            "value": with_unit(values[0], data),
        }
    text = _("%(indicator)s in %(period)s for %(n)s groups; highest: %(label)s (%(value)s).") % {
        "indicator": data.indicator,
        "period": data.period_label,
        "n": len(values),
        "label": data.labels[top],
        "value": with_unit(values[top], data),
    }
    if data.highlight is not None and data.highlight != top:
        index = data.highlight
        text += " " + _("%(label)s: %(value)s.") % {
            "label": data.labels[index],
            "value": with_unit(values[index], data),
        }
    return text


def change_text(data: ChartData) -> str:
    latest, earlier = data.latest, data.year_earlier
    if latest is None or earlier is None:
        return ""
    difference = latest - earlier
    if not math.isfinite(difference):
        return ""
    shown = shown_value(abs(difference), data)
    # The sign follows the difference as shown: -0.02 with one decimal is "±0,0", not "−0,0".
    nothing = not re.search(r"[1-9]", shown)
    sign = "±" if nothing else ("+" if difference > 0 else "−")
    text = sign + shown
    if data.unit == "%":
        text += " " + _("percentage points")
    elif earlier and math.isfinite(share := abs(difference) / abs(earlier) * 100):
        text += f" ({sign}{format_number(share, 1)}%)"
    return _("%(change)s against %(period)s") % {
        "change": text,
        "period": data.year_earlier_label,
    }
