"""Checking every row and cell of a CBS file, and turning the good figures into COPY text.

A problem is recorded by row and column (in the reader's language) and checking goes on, so
the report lists everything to fix at once; once there is an error nothing more is handed
to the writer and the transaction is rolled back.

`cbs_produce` runs in the writer's thread of its own (see `writing.figures_stream`) and never
touches the database: what it needs from it is decided before (`cbs_plan`) and what it
creates is inserted after.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from sectordata.classify import classify
from sectordata.importing import metadata as cbs
from sectordata.importing.cells import CHUNK_LINES, NULL, PERIOD_MAX, shown
from sectordata.importing.numbers import MISSING, NotANumber, NotFinite, cbs_number
from sectordata.importing.problems import FileRefused, Problems
from sectordata.importing.reading import (
    SNIFF_CHARS,
    check_columns,
    csv_problems,
    first_line,
    open_text,
    sniff_delimiter,
)
from sectordata.importing.writing import Channel, IdPool, Outcome, copy_text
from sectordata.models import Dataset, DimensionValue, Indicator
from sectordata.periods import parse_period

MAX_SKIPPED_LISTED = 50
MAX_DIMENSIONS = 4
CODE_MAX = DimensionValue._meta.get_field("code").max_length or 100
# A plain decimal of at most 15 digits before and after the point: always a finite float,
# written to COPY as it is. Anything else goes through the full check.
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d{1,15}(?:\.\d{0,15})?|\.\d{1,15})")


@dataclass
class Layout:
    dimensions: list[tuple[int, str]]  # column index, dimension name
    period: int
    topics: list[tuple[int, str]]


def layout_from_header(header: list[str], meta: cbs.Metadata | None) -> Layout:
    """Which columns are dimensions, the period and topics. Without metadata, the columns
    before `Perioden` (except `ID`) are dimensions and the ones after it are topics; with
    metadata, DataProperties decides."""
    check_columns(header)
    names = [h.strip().lstrip("\ufeff").strip('"').strip() for h in header]
    time_key = meta.time_dimension if meta else "Perioden"
    if time_key not in names:
        raise FileRefused(
            _(
                "Column '%(column)s' is missing: this does not look like a CBS file "
                "(a StatLine download or the open-data API's TypedDataSet)."
            )
            % {"column": time_key}
        )
    period = names.index(time_key)
    if meta and meta.dimensions:
        dims = [(i, n) for i, n in enumerate(names) if n in meta.dimensions]
        topics = [(i, n) for i, n in enumerate(names) if n in meta.topics]
        unknown = [
            (i, n)
            for i, n in enumerate(names)
            if n not in meta.dimensions and n not in meta.topics and n not in (time_key, "ID")
        ]
        if not topics and not dims:
            raise FileRefused(
                _(
                    "The metadata file does not belong to this file: none of its columns "
                    "(%(columns)s) is described in it. Download the metadata of the same "
                    "table, or import without a metadata file."
                )
                % {"columns": ", ".join(n for n in names[:8] if n != "ID")}
            )
        topics += unknown
    else:
        dims = [(i, n) for i, n in enumerate(names[:period]) if n != "ID"]
        topics = [(i, n) for i, n in enumerate(names) if i > period]
    if not topics:
        raise FileRefused(_("There are no columns with figures in the file (after 'Perioden')."))
    if len(dims) > MAX_DIMENSIONS:
        raise FileRefused(
            _("Tables with more than four dimensions besides the periods are not supported.")
        )
    return Layout(dims, period, sorted(topics))


@dataclass
class CbsPlan:
    """Decided before the rows are read: columns, indicators (already created), labels."""

    dataset: Dataset
    layout: Layout
    time_key: str
    delimiter: str
    indicators: dict[str, int]
    labels: dict[str, dict[str, str]]
    known_periods: set[str]
    period_labels: dict[str, str]


def cbs_header(path: Path) -> tuple[list[str], str]:
    """The header row and the delimiter, detected from it (`;`, `,`, tab or `|`)."""
    line = first_line(path)
    delimiter = sniff_delimiter(line)
    reader = csv.reader([line], delimiter=delimiter)
    with csv_problems(reader):
        header = next(reader, [])
    check_columns(header, cut_off=len(line) >= SNIFF_CHARS and not line.endswith("\n"))
    return header, delimiter


def cbs_plan(*, dataset: Dataset, path: Path, meta: cbs.Metadata | None) -> CbsPlan:
    header, delimiter = cbs_header(path)
    layout = layout_from_header(header, meta)
    indicators = {}
    for _index, key in layout.topics:
        topic = (meta.topics.get(key) if meta else None) or cbs.Topic(key, key)
        indicators[key] = Indicator.objects.create(
            dataset=dataset,
            code=key[:100],
            title=topic.title[:300],
            unit=topic.unit[:100],
            decimals=topic.decimals,
        ).pk
    dataset.dimensions = [name for _i, name in layout.dimensions]
    labels = meta.labels if meta else {}
    time_labels = labels.get(meta.time_dimension, {}) if meta else {}
    return CbsPlan(
        dataset=dataset,
        layout=layout,
        time_key=meta.time_dimension if meta else "Perioden",
        delimiter=delimiter,
        indicators=indicators,
        labels=labels,
        known_periods=set(time_labels),
        period_labels=dict(time_labels),
    )


def cbs_produce(
    *, plan: CbsPlan, path: Path, channel: Channel, values: IdPool, problems: Problems
) -> Outcome:
    """Check every row of a CBS file (StatLine download or API TypedDataSet, any delimiter,
    quoted or not) and emit its figures as COPY text. Runs in the producer thread."""
    outcome = Outcome()
    layout = plan.layout
    dataset_id = str(plan.dataset.pk)
    width = max(
        [layout.period, *(i for i, _n in layout.dimensions), *(i for i, _n in layout.topics)]
    )
    width += 1
    period_index = layout.period
    prefixes = [f"{dataset_id}\t{plan.indicators[key]}\t" for _i, key in layout.topics]
    topic_keys = [key for _i, key in layout.topics]
    topic_get = itemgetter(*(i for i, _k in layout.topics))
    single_topic = len(layout.topics) == 1
    dim_indexes = [i for i, _n in layout.dimensions]
    dim_get = itemgetter(*dim_indexes) if dim_indexes else None
    single_dim = len(dim_indexes) == 1
    periods: dict[str, str | None] = {}  # cell -> "code\tkind\tstart\t" (None: refused)
    period_codes: dict[str, str] = {}
    dims: dict[Any, str | None] = {}  # cell(s) -> "id\tid\t\N\t\N\t" (None: refused)
    by_code: dict[tuple[str, str], int] = {}
    used_periods: set[str] = set()
    lines: list[str] = []
    append = lines.append
    plain = PLAIN_NUMBER.fullmatch

    def value_text(text: str, number: int, column: str) -> str | None:
        """A figure that is not a plain short decimal: checked in full (exponent, length,
        finite), or None with the problem recorded."""
        try:
            value = cbs_number(text)
        except NotFinite:
            problems.error(
                _("row %(row)d, column %(column)s: '%(value)s' is too large to be a figure")
                % {"row": number, "column": column, "value": shown(text)}
            )
            return None
        except NotANumber:
            problems.error(
                _("row %(row)d, column %(column)s: '%(value)s' is not a number")
                % {"row": number, "column": column, "value": shown(text)}
            )
            return None
        return None if value is None else repr(value)

    skipped = outcome.skipped
    rows = figures = number = 0

    def period_text(cell: str, number: int) -> str | None:
        code = cell.strip()
        if not code:
            problems.error(
                _("row %(row)d, column %(column)s: the period is empty")
                % {"row": number, "column": plan.time_key}
            )
            return None
        if len(code) > PERIOD_MAX:
            problems.error(
                _("row %(row)d: '%(value)s' is not a period code (too long)")
                % {"row": number, "value": shown(code)}
            )
            return None
        kind, start = parse_period(code)
        if kind == "XX":
            problems.warn(
                _(
                    "Period code '%(period)s' is not a year, quarter or month: its figures are "
                    "kept (labelled '%(label)s'), but never plotted."
                )
                % {"period": code, "label": plan.period_labels.get(code) or code}
            )
        if plan.known_periods and code not in plan.known_periods:
            problems.warn(
                _("Period '%(period)s' is not in the metadata file; its label is the code itself.")
                % {"period": code}
            )
        period_codes[cell] = code
        start_text = start.isoformat() if start else NULL
        return f"{copy_text(code)}\t{kind}\t{start_text}\t"

    def dims_text(cells: Any, number: int) -> str | None:
        row_cells = (cells,) if single_dim else cells
        ids = []
        for (_index, name), cell in zip(layout.dimensions, row_cells, strict=True):
            code = cell.strip()
            if not code or len(code) > CODE_MAX:
                problems.error(
                    _("row %(row)d, column %(column)s: '%(value)s' is not a key")
                    % {"row": number, "column": name, "value": shown(code)}
                )
                return None
            found = by_code.get((name, code))
            if found is None:
                label = plan.labels.get(name, {}).get(code) or code
                kind, sbi = classify(label, code)
                found = values.take()
                outcome.new_values.append(
                    DimensionValue(
                        pk=found,
                        dataset_id=plan.dataset.pk,
                        dimension=name[:100],
                        code=code,
                        label=label[:300],
                        kind=kind,
                        sbi_code=sbi[:10],
                    )
                )
                by_code[(name, code)] = found
            ids.append(str(found))
        ids += [NULL] * (MAX_DIMENSIONS - len(ids))
        return "\t".join(ids) + "\t"

    with open_text(path) as handle:
        reader = csv.reader(handle, delimiter=plan.delimiter)
        with csv_problems(reader):
            next(reader, None)  # the header, read before
            number = 1
            for row in reader:
                number += 1
                if len(row) < width:
                    if not any(cell.strip() for cell in row):
                        continue  # an empty line
                    problems.error(
                        _(
                            "row %(row)d: %(found)d columns, expected %(expected)d. "
                            "Check the separator (%(separator)s) and the quotes."
                        )
                        % {
                            "row": number,
                            "found": len(row),
                            "expected": width,
                            "separator": plan.delimiter.replace("\t", "tab"),
                        }
                    )
                    continue
                cell = row[period_index]
                ptext = periods.get(cell)
                if ptext is None:
                    if cell in periods:
                        continue  # refused before, and reported
                    ptext = periods[cell] = period_text(cell, number)
                    if ptext is None:
                        continue
                dtext: str | None
                if dim_get is None:
                    dtext = NULL + "\t" + NULL + "\t" + NULL + "\t" + NULL + "\t"
                else:
                    key = dim_get(row)
                    dtext = dims.get(key)
                    if dtext is None:
                        if key in dims:
                            continue
                        dtext = dims[key] = dims_text(key, number)
                        if dtext is None:
                            dims.pop(key)
                            continue
                middle = ptext + dtext
                raw_values = (topic_get(row),) if single_topic else topic_get(row)
                present = 0
                for prefix, raw, column in zip(prefixes, raw_values, topic_keys):  # noqa: B905
                    text = raw.strip()
                    if plain(text) is None:
                        if text in MISSING:
                            continue
                        text = value_text(text, number, column)
                        if text is None:
                            continue
                    append(f"{prefix}{middle}{text}\n")
                    present += 1
                if present:
                    rows += 1
                    figures += present
                    used_periods.add(cell)
                elif len(skipped) < MAX_SKIPPED_LISTED and problems.ok:
                    skipped.append(_("row %(row)d: every value is missing") % {"row": number})
                if len(lines) >= CHUNK_LINES:
                    if problems.ok:
                        channel.emit("".join(lines), len(lines))
                    lines.clear()
    if lines and problems.ok:
        channel.emit("".join(lines), len(lines))
    outcome.rows, outcome.figures = rows, figures
    outcome.periods = {period_codes[cell] for cell in used_periods}
    return outcome
