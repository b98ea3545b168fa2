"""Reading sector data: which CBS values belong to which of our sectors, which charts a
sector has, and the key figures on a sector page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from praktijktafel.models import Sector
from sectordata.chartdata import ChartData
from sectordata.charts import ChartSpec, chart_data
from sectordata.models import DIM_FIELDS, Dataset, DimensionValue, Figure, SectorCode

MAX_VALUES_PER_DIMENSION = 12  # options per extra dimension (e.g. job characteristics)

# Key figures on a sector page, found by words in the chart's name: each alternative is a
# group of words that must all be there.
KEY_FIGURES: list[tuple[str, Any, tuple[tuple[str, ...], ...]]] = [
    ("vacancies", gettext_lazy("Open vacancies"), (("vacature",),)),
    ("sick_leave", gettext_lazy("Sick leave"), (("verzuim",),)),
    ("jobs", gettext_lazy("Jobs"), (("banen",), ("werkzame personen",))),
    ("older", gettext_lazy("Share of older workers"), (("aandeel", "55"), ("aandeel", "ouder"))),
]


def sector_resolver() -> Callable[[DimensionValue], Sector | None]:
    """Maps a CBS dimension value to our sector: an explicit mapping by CBS key or SBI code
    (kept by a coordinator) wins over the SBI codes listed on the sector itself."""
    sectors = list(Sector.objects.all())
    explicit = {m.code: m.sector for m in SectorCode.objects.select_related("sector")}
    by_sbi = {code.upper(): s for s in sectors for code in s.sbi_codes}
    by_slug = {s.slug: s for s in sectors}

    def resolve(value: DimensionValue) -> Sector | None:
        if value.kind == DimensionValue.Kind.OTHER:
            return explicit.get(value.code)  # a bare code, mapped by hand (no metadata)
        if value.kind != DimensionValue.Kind.SECTOR:
            return None
        return (
            explicit.get(value.code)
            or explicit.get(value.sbi_code)
            or by_sbi.get(value.sbi_code.upper())
            or by_slug.get(value.code)
        )

    return resolve


@dataclass
class ChartOption:
    key: str
    label: str
    table: str
    indicator: str = ""  # the indicator's title: the picker groups by table and indicator
    detail: str = ""  # what this option shows within its group


def _with_figures(dataset: Dataset, sector_value: DimensionValue) -> set[tuple]:
    """(indicator id, dimension value ids...) that have at least one figure for this sector
    value: a combination without any (e.g. a share of workers aged 55 or older, by age class
    15 to 25) is meaningless and is not offered. One query."""
    dimensions = dataset.dimensions[:4]
    if sector_value.dimension not in dimensions:
        return set()
    fields = DIM_FIELDS[: len(dimensions)]
    sector_field = fields[dimensions.index(sector_value.dimension)]
    return set(
        Figure.objects.filter(dataset=dataset, **{sector_field: sector_value.pk})
        .exclude(value=None)
        .values_list("indicator_id", *fields)
        .distinct()
    )


@dataclass
class MappingRow:
    code: str
    label: str
    sbi_code: str
    sector: Sector | None
    explicit: bool
    tables: list[str]


def current_datasets() -> list[Dataset]:
    return list(
        Dataset.objects.filter(is_current=True)
        .prefetch_related(
            "indicators",
            Prefetch("dim_values", queryset=DimensionValue.objects.order_by("pk")),
        )
        .order_by("table_id")
    )


def _default(values: list[DimensionValue]) -> DimensionValue | None:
    totals = [v for v in values if v.kind == DimensionValue.Kind.TOTAL]
    chosen = totals or values
    return chosen[0] if chosen else None


def _combinations(dataset: Dataset, sector_value: DimensionValue) -> list[list[DimensionValue]]:
    """Ways to hold the other dimensions still: their total (or first) value, and for the
    first other dimension each of its values, so 'jobs, 55-65 years' is a chart too."""
    by_dim: dict[str, list[DimensionValue]] = {}
    for value in dataset.dim_values.all():
        by_dim.setdefault(value.dimension, []).append(value)
    others = [d for d in dataset.dimensions[:4] if d != sector_value.dimension]
    found = [_default(by_dim.get(d, [])) for d in others]
    defaults = [v for v in found if v is not None]
    if len(defaults) < len(found):
        return []
    combos = [[sector_value, *defaults]]
    if others:
        for value in by_dim[others[0]][:MAX_VALUES_PER_DIMENSION]:
            if value.pk != defaults[0].pk:
                combos.append([sector_value, value, *defaults[1:]])
    return combos


def chart_options(sector: Sector) -> list[ChartOption]:
    """Every chart this sector can show, from the current version of every table."""
    resolve = sector_resolver()
    options: list[ChartOption] = []
    for dataset in current_datasets():
        mine = [v for v in dataset.dim_values.all() if resolve(v) == sector]
        dimensions = dataset.dimensions[:4]
        for sector_value in mine:
            present = _with_figures(dataset, sector_value)
            combos = _combinations(dataset, sector_value)
            for combo in combos:
                fixed = tuple((v.dimension, v.code) for v in combo)
                by_dim = {v.dimension: v.pk for v in combo}
                ids = tuple(by_dim.get(d) for d in dimensions)
                context = ", ".join(v.label for v in combo[1:])
                for indicator in dataset.indicators.all():
                    if (indicator.pk, *ids) not in present:
                        continue
                    name = indicator.title + (f" ({context})" if context else "")
                    series = ChartSpec(dataset.table_id, indicator.code, "series", fixed)
                    compare = ChartSpec(
                        dataset.table_id, indicator.code, "compare", fixed, sector_value.dimension
                    )
                    options.append(
                        ChartOption(
                            series.key(),
                            f"{name}: {sector_value.label}",
                            dataset.title,
                            indicator.title,
                            _("%(context)s%(sector)s over time")
                            % {
                                "context": f"{context}, " if context else "",
                                "sector": sector_value.label,
                            },
                        )
                    )
                    if combo is not combos[0]:
                        # Age classes and the like are offered through time only: a
                        # comparison per class would double a long list for little.
                        continue
                    # Named after the sector it highlights: two sector values of one of
                    # our sectors (F and 41) give two different comparisons.
                    options.append(
                        ChartOption(
                            compare.key(),
                            _("%(name)s: %(sector)s compared with other sectors")
                            % {"name": name, "sector": sector_value.label},
                            dataset.title,
                            indicator.title,
                            _("%(context)s%(sector)s compared with other sectors")
                            % {
                                "context": f"{context}, " if context else "",
                                "sector": sector_value.label,
                            },
                        )
                    )
    return options


def key_figures(sector: Sector, *, limit: int | None = None) -> list[tuple[str, str, ChartData]]:
    """(slug, name, chart data) for vacancies, sick leave, jobs and the share of older
    workers, where the data has them. The first table that has a figure wins. With `limit`,
    only the first that many (each chart costs its queries)."""
    options = [o for o in chart_options(sector) if "|series|" in o.key]
    found: list[tuple[str, str, ChartData]] = []
    for slug, name, words in KEY_FIGURES:
        if limit is not None and len(found) >= limit:
            break
        for option in options:
            label = option.label.lower()
            if any(all(word in label for word in group) for group in words):
                data = chart_data(ChartSpec.from_key(option.key))  # type: ignore[arg-type]
                if data is not None:
                    found.append((slug, name, data))
                    break
    return found


def sector_options(sector: Sector) -> list[tuple[ChartOption, ChartData]]:
    """Charts for the sector page: the comparison of each table's first indicator."""
    charts = []
    seen: set[str] = set()
    for option in chart_options(sector):
        table = option.key.split("|", 1)[0]
        if "|compare|" in option.key and table not in seen:
            data = chart_data(ChartSpec.from_key(option.key))  # type: ignore[arg-type]
            if data is not None:
                seen.add(table)
                charts.append((option, data))
    return charts


# Values that may be one of our sectors: SBI sectors, and the bare codes of a table imported
# without metadata (nothing says what they are; size classes are known by their key).
MAPPABLE = Q(kind=DimensionValue.Kind.SECTOR) | Q(
    kind=DimensionValue.Kind.OTHER, dataset__labels_from_metadata=False
)


def mapping_rows() -> list[MappingRow]:
    """Every sector value in the current tables (and every bare code of a table imported
    without metadata), and the sector it maps to (or none)."""
    resolve = sector_resolver()
    explicit = set(SectorCode.objects.values_list("code", flat=True))
    rows: dict[str, MappingRow] = {}
    values = DimensionValue.objects.filter(MAPPABLE, dataset__is_current=True).select_related(
        "dataset"
    )
    for value in values.order_by("-kind", "sbi_code", "code"):  # SBI sectors first
        row = rows.get(value.code)
        if row is None:
            row = rows[value.code] = MappingRow(
                code=value.code,
                label=value.label,
                sbi_code=value.sbi_code,
                sector=resolve(value),
                explicit=value.code in explicit or value.sbi_code in explicit,
                tables=[],
            )
        if value.dataset.table_id not in row.tables:
            row.tables.append(value.dataset.table_id)
    return list(rows.values())


def dataset_list() -> list[Dataset]:
    return list(
        Dataset.objects.select_related("imported_by")
        .annotate(indicator_count=Count("indicators"))
        .order_by("-is_current", "table_id", "-imported_at")
    )


def sectors_with_data() -> list[Sector]:
    resolve = sector_resolver()
    seen: dict[int, Sector] = {}
    for value in DimensionValue.objects.filter(MAPPABLE, dataset__is_current=True):
        sector = resolve(value)
        if sector is not None:
            seen[sector.pk] = sector
    return sorted(seen.values(), key=lambda s: s.name)
