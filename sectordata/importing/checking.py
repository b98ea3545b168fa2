"""Checking every row and cell, and handing the good figures to the writer.

A problem is recorded by row and column (in the reader's language) and the import goes on
reading, so the report lists everything to fix at once; once there is an error nothing more
is written and the transaction is rolled back.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.text import slugify
from django.utils.translation import gettext as _

from praktijktafel.models import Sector
from sectordata.importing import metadata as cbs
from sectordata.importing.numbers import NotANumber, cbs_number, dutch_number
from sectordata.importing.problems import FileRefused, Problems
from sectordata.importing.reading import cbs_rows
from sectordata.importing.writing import Dimensions, Writer, dataset_finish
from sectordata.models import Dataset, DimensionValue, Indicator
from sectordata.periods import parse_period

TIDY_COLUMNS = ["sector", "indicator", "period", "value", "unit", "source"]
TIDY_REQUIRED = ["sector", "indicator", "period", "value"]
MAX_SKIPPED_LISTED = 50


@dataclass
class Layout:
    dimensions: list[tuple[int, str]]  # column index, dimension name
    period: int
    topics: list[tuple[int, str]]


def layout_from_header(header: list[str], meta: cbs.Metadata | None) -> Layout:
    """Which columns are dimensions, the period and topics. Without metadata, the columns
    before `Perioden` are dimensions and the ones after it are topics; with metadata,
    DataProperties decides."""
    names = [h.strip().lstrip("\ufeff").strip('"') for h in header]
    time_key = meta.time_dimension if meta else "Perioden"
    if time_key not in names:
        raise FileRefused(
            _(
                "Column '%(column)s' is missing: this does not look like a CBS StatLine file "
                "(TypedDataSet, separated by semicolons)."
            )
            % {"column": time_key}
        )
    period = names.index(time_key)
    if meta and meta.dimensions:
        dims = [(i, n) for i, n in enumerate(names) if n in meta.dimensions]
        topics = [(i, n) for i, n in enumerate(names) if n in meta.topics]
        unknown = [
            n
            for n in names
            if n not in meta.dimensions and n not in meta.topics and n not in (time_key, "ID")
        ]
        topics += [(names.index(n), n) for n in unknown]
    else:
        dims = [(i, n) for i, n in enumerate(names[:period]) if n != "ID"]
        topics = [(i, n) for i, n in enumerate(names) if i > period]
    if not topics:
        raise FileRefused(_("There are no columns with figures in the file (after 'Perioden')."))
    if len(dims) > 4:
        raise FileRefused(
            _("Tables with more than four dimensions besides the periods are not supported.")
        )
    return Layout(dims, period, topics)


def cbs_import(
    dataset: Dataset, path: Path, meta: cbs.Metadata | None, problems: Problems
) -> tuple[int, list[str], list[str]]:
    """(rows imported, rows skipped, periods) of a CBS StatLine TypedDataSet file."""
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
        if ";" not in first and ("," in first or "\t" in first) and "Perioden" in first:
            raise FileRefused(
                _(
                    "Wrong separator: CBS files use semicolons (;). "
                    "Download the file again as CSV from StatLine."
                )
            )
        header = next(cbs_rows(io.StringIO(first)))[1]
        layout = layout_from_header(header, meta)
        indicators = {}
        for _index, key in layout.topics:
            topic = (meta.topics.get(key) if meta else None) or cbs.Topic(key, key)
            indicators[key] = Indicator.objects.create(
                dataset=dataset,
                code=key,
                title=topic.title[:300],
                unit=topic.unit[:100],
                decimals=topic.decimals,
            ).pk
        dataset.dimensions = [name for _i, name in layout.dimensions]
        dims = Dimensions(dataset, meta.labels if meta else {})
        known_periods = set(meta.labels.get(meta.time_dimension, {})) if meta else set()
        width = (
            max(
                [
                    layout.period,
                    *(i for i, _n in layout.dimensions),
                    *(i for i, _n in layout.topics),
                ]
            )
            + 1
        )
        rows = imported = 0
        periods: set[str] = set()
        skipped: list[str] = []
        with Writer(dataset) as writer:
            for number, row in cbs_rows(handle):
                number += 1  # the header was read separately
                rows += 1
                if len(row) < width:
                    problems.error(
                        _(
                            "row %(row)d: %(found)d columns, expected %(expected)d. "
                            "Check the separator (;) and the quotes."
                        )
                        % {"row": number, "found": len(row), "expected": width}
                    )
                    continue
                period = row[layout.period].strip()
                kind, start = parse_period(period)
                if kind == "XX":
                    problems.warn(
                        _("Period code '%(period)s' is unknown and is kept as it is.")
                        % {"period": period}
                    )
                if known_periods and period not in known_periods:
                    problems.warn(
                        _(
                            "Period '%(period)s' is not in the metadata file; "
                            "its label is the code itself."
                        )
                        % {"period": period}
                    )
                dim_ids = [dims.id_for(name, row[i].strip()) for i, name in layout.dimensions]
                values = []
                for index, key in layout.topics:
                    try:
                        values.append((key, cbs_number(row[index])))
                    except NotANumber:
                        problems.error(
                            _("row %(row)d, column %(column)s: '%(value)s' is not a number")
                            % {"row": number, "column": key, "value": row[index].strip()}
                        )
                if not problems.ok:
                    continue
                present = [(k, v) for k, v in values if v is not None]
                if not present:
                    if len(skipped) < MAX_SKIPPED_LISTED:
                        skipped.append(_("row %(row)d: every value is missing") % {"row": number})
                    continue
                periods.add(period)
                imported += 1
                for key, value in present:
                    writer.write(indicators[key], period, kind, start, dim_ids, value)
        dataset_finish(
            dataset=dataset, problems=problems, rows=imported, figures=writer.count, periods=periods
        )
        return imported, skipped, sorted(periods)


def tidy_header(header: list[str]) -> dict[str, int]:
    names = [h.strip().lstrip("\ufeff").strip('"').lower() for h in header]
    missing = [c for c in TIDY_REQUIRED if c not in names]
    if missing:
        raise FileRefused(
            _(
                "Columns missing: %(missing)s. "
                "Expected: sector, indicator, period, value, unit, source."
            )
            % {"missing": ", ".join(missing)}
        )
    return {c: names.index(c) for c in TIDY_COLUMNS if c in names}


def resolve_sector(text: str, sectors: list[Sector]) -> Sector | None:
    wanted = str(text).strip().lower()
    for sector in sectors:
        if wanted in (sector.slug, sector.name.lower()) or wanted.upper() in sector.sbi_codes:
            return sector
    return None


_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})\s*[-\s]?\s*[KQkq](\d)$")


def tidy_period(text: str) -> str:
    value = str(text).strip()
    if match := _YEAR.match(value):
        return f"{match.group(1)}JJ00"
    if match := _QUARTER.match(value):
        return f"{match.group(1)}KW0{match.group(2)}"
    return value


def tidy_import(
    dataset: Dataset, rows_iter, problems: Problems, source_default: str
) -> tuple[int, list[str], list[str]]:
    """(rows imported, rows skipped, periods) of our own tidy shape, from CSV or XLSX."""
    header = None
    sectors = list(Sector.objects.all())
    indicators: dict[str, int] = {}
    dims = Dimensions(dataset, {})
    rows = imported = 0
    periods: set[str] = set()
    sources: set[str] = set()
    with Writer(dataset) as writer:
        for number, row in rows_iter:
            cells = [str(c) if not isinstance(c, int | float) else c for c in row]
            for col, text in enumerate(cells, start=1):
                if isinstance(text, str) and text.startswith("="):
                    problems.error(
                        _(
                            "row %(row)d, column %(column)d: formulas are not allowed; "
                            "paste the values instead of the formula"
                        )
                        % {"row": number, "column": col}
                    )
            if header is None:
                header = tidy_header([str(c) for c in cells])
                continue
            rows += 1

            def cell(name: str, cells=cells, header=header):
                index = header.get(name)
                return cells[index] if index is not None and index < len(cells) else ""

            sector = resolve_sector(cell("sector"), sectors)
            if sector is None:
                problems.error(
                    _(
                        "row %(row)d, column sector: '%(value)s' is not a known sector "
                        "(known: %(known)s)"
                    )
                    % {
                        "row": number,
                        "value": cell("sector"),
                        "known": ", ".join(s.name for s in sectors),
                    }
                )
            indicator_name = str(cell("indicator")).strip()
            if not indicator_name:
                problems.error(_("row %(row)d, column indicator: empty") % {"row": number})
            period = tidy_period(cell("period"))
            kind, start = parse_period(period)
            if kind == "XX":
                problems.warn(
                    _("Period '%(period)s' is unknown and is kept as it is.") % {"period": period}
                )
            try:
                value = dutch_number(cell("value"))
            except NotANumber:
                problems.error(
                    _(
                        "row %(row)d, column value: '%(value)s' is not a number "
                        "(write 1.500 for fifteen hundred and 4,8 for four point eight)"
                    )
                    % {"row": number, "value": cell("value")}
                )
                continue
            if not problems.ok or sector is None:
                continue
            if str(cell("source")).strip():
                sources.add(str(cell("source")).strip())
            if value is None:
                continue
            code = slugify(indicator_name)[:100] or "indicator"
            if code not in indicators:
                indicators[code] = Indicator.objects.create(
                    dataset=dataset,
                    code=code,
                    title=indicator_name[:300],
                    unit=str(cell("unit")).strip()[:100],
                ).pk
            dim = dims.id_for("sector", sector.slug)
            periods.add(period)
            imported += 1
            writer.write(indicators[code], period, kind, start, [dim], value)
    if header is None:
        raise FileRefused(_("The file has no header line with column names."))
    DimensionValue.objects.filter(dataset=dataset, dimension="sector").update(kind="sector")
    for dim_value in DimensionValue.objects.filter(dataset=dataset, dimension="sector"):
        found = resolve_sector(dim_value.code, sectors)
        dim_value.label = found.name if found else dim_value.code
        dim_value.sbi_code = (found.sbi_codes or [""])[0] if found else ""
        dim_value.save(update_fields=["label", "sbi_code"])
    if not dataset.source or dataset.source == "CBS StatLine":
        dataset.source = source_default or (", ".join(sorted(sources))[:150] or _("Own file"))
    dataset.dimensions = ["sector"]
    dataset_finish(
        dataset=dataset, problems=problems, rows=imported, figures=writer.count, periods=periods
    )
    return imported, [], sorted(periods)
