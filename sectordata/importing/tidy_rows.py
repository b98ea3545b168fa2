"""Checking every row and cell of our own tidy table (CSV or XLSX), and turning the good
figures into COPY text. Problems are recorded as in `cbs_rows`; `tidy_produce` runs in the
writer's thread and never touches the database."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.text import slugify
from django.utils.translation import gettext as _

from praktijktafel.dates import parse_quarter
from praktijktafel.models import Sector
from sectordata.importing.cells import CHUNK_LINES, NULL, PERIOD_MAX, shown
from sectordata.importing.numbers import NotANumber, NotFinite, dutch_number
from sectordata.importing.problems import FileRefused, Problems
from sectordata.importing.writing import Channel, IdPool, Outcome, copy_text
from sectordata.models import Dataset, DimensionValue, Indicator
from sectordata.periods import parse_period

TIDY_COLUMNS = ["sector", "indicator", "period", "value", "unit", "source"]
TIDY_REQUIRED = ["sector", "indicator", "period", "value"]


def tidy_header(header: list[str]) -> dict[str, int]:
    names = [str(h).strip().lstrip("\ufeff").strip('"').lower() for h in header]
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


_YEAR = re.compile(r"\d{4}")


def tidy_period(text: str) -> str:
    """The CBS code of a period typed as 2024, 2024 K3 or 2024-Q3; a CBS code as it is."""
    value = str(text).strip()
    if _YEAR.fullmatch(value):
        return f"{value}JJ00"
    if quarter := parse_quarter(value):
        return f"{quarter[0]}KW0{quarter[1]}"
    return value


@dataclass
class TidyState:
    sources: set[str] = field(default_factory=set)
    header_seen: bool = False


def tidy_produce(
    *,
    dataset: Dataset,
    rows_iter,
    channel: Channel,
    values: IdPool,
    indicators_pool: IdPool,
    problems: Problems,
    sectors: list[Sector],
    state: TidyState,
) -> Outcome:
    """Check our own tidy shape (CSV or XLSX) and emit its figures. Runs in the producer
    thread."""
    outcome = Outcome()
    header: dict[str, int] | None = None
    indicators: dict[str, int] = {}
    sector_ids: dict[int, int] = {}
    lines: list[str] = []
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
            state.header_seen = True
            continue

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
                    "value": shown(str(cell("sector"))),
                    "known": ", ".join(s.name for s in sectors),
                }
            )
        indicator_name = str(cell("indicator")).strip()
        if not indicator_name:
            problems.error(_("row %(row)d, column indicator: empty") % {"row": number})
        period = tidy_period(cell("period"))
        if not period or len(period) > PERIOD_MAX:
            problems.error(
                _("row %(row)d, column period: '%(value)s' is not a period")
                % {"row": number, "value": shown(period)}
            )
            continue
        kind, start = parse_period(period)
        if kind == "XX":
            problems.warn(
                _("Period '%(period)s' is unknown and is kept as it is.") % {"period": period}
            )
        try:
            value = dutch_number(cell("value"))
        except NotFinite:
            problems.error(
                _("row %(row)d, column %(column)s: '%(value)s' is too large to be a figure")
                % {"row": number, "column": "value", "value": shown(str(cell("value")))}
            )
            continue
        except NotANumber:
            problems.error(
                _(
                    "row %(row)d, column value: '%(value)s' is not a number "
                    "(write 1.500 for fifteen hundred and 4,8 for four point eight)"
                )
                % {"row": number, "value": shown(str(cell("value")))}
            )
            continue
        if not problems.ok or sector is None:
            continue
        if str(cell("source")).strip():
            state.sources.add(str(cell("source")).strip())
        if value is None:
            continue
        code = slugify(indicator_name)[:100] or "indicator"
        if code not in indicators:
            indicators[code] = indicators_pool.take()
            outcome.new_indicators.append(
                Indicator(
                    pk=indicators[code],
                    dataset_id=dataset.pk,
                    code=code,
                    title=indicator_name[:300],
                    unit=str(cell("unit")).strip()[:100],
                )
            )
        if sector.pk not in sector_ids:
            sector_ids[sector.pk] = values.take()
            outcome.new_values.append(
                DimensionValue(
                    pk=sector_ids[sector.pk],
                    dataset_id=dataset.pk,
                    dimension="sector",
                    code=sector.slug,
                    label=sector.name[:300],
                    kind=DimensionValue.Kind.SECTOR,
                    sbi_code=(sector.sbi_codes or [""])[0][:10],
                )
            )
        outcome.periods.add(period)
        outcome.rows += 1
        outcome.figures += 1
        start_text = start.isoformat() if start else NULL
        lines.append(
            f"{dataset.pk}\t{indicators[code]}\t{copy_text(period)}\t{kind}\t{start_text}\t"
            f"{sector_ids[sector.pk]}\t{NULL}\t{NULL}\t{NULL}\t{value!r}\n"
        )
        if len(lines) >= CHUNK_LINES:
            channel.emit("".join(lines), len(lines))
            lines.clear()
    if lines and problems.ok:
        channel.emit("".join(lines), len(lines))
    return outcome
