"""CBS StatLine 'TypedDataSet' CSV and its metadata file.

Data: `;`-separated, UTF-8 with or without BOM, fields quoted or not, numbers space-padded,
'.' or empty for a missing value, dimension keys with trailing spaces. Columns: ID, the
dimensions, Perioden, then the topics. Without metadata, the columns before `Perioden` are
dimensions and the ones after it are topics; with metadata, DataProperties decides.

Metadata: blocks, each opened by a line with only the block's name (TableInfos,
DataProperties, one per dimension, Perioden), then a header line and rows, until a blank
line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from sectordata.parsing.problems import FileRefused

DELIMITER = ";"


@dataclass
class Topic:
    key: str
    title: str
    unit: str = ""
    decimals: int = 0


@dataclass
class Metadata:
    table_id: str = ""
    title: str = ""
    period_text: str = ""
    dimensions: list[str] = field(default_factory=list)
    time_dimension: str = "Perioden"
    topics: dict[str, Topic] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # dimension -> key -> title


def _clean(value: str) -> str:
    return value.strip().strip('"').strip()


def read_metadata(text: str) -> Metadata:
    meta = Metadata()
    blocks: dict[str, list[dict[str, str]]] = {}
    lines = text.lstrip("\ufeff").splitlines()
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        index += 1
        if not line:
            continue
        fields = next(csv.reader([line], delimiter=DELIMITER))
        if len(fields) != 1:
            continue
        name = _clean(fields[0])
        if index >= len(lines):
            break
        header = [_clean(h) for h in next(csv.reader([lines[index]], delimiter=DELIMITER))]
        index += 1
        rows = []
        while index < len(lines) and lines[index].strip():
            values = next(csv.reader([lines[index]], delimiter=DELIMITER))
            rows.append(dict(zip(header, (_clean(v) for v in values), strict=False)))
            index += 1
        blocks[name] = rows
    info = (blocks.get("TableInfos") or [{}])[0]
    meta.table_id = info.get("Identifier", "")
    meta.title = info.get("Title", "")
    meta.period_text = info.get("Period", "")
    for prop in blocks.get("DataProperties", []):
        kind, key = prop.get("Type", ""), prop.get("Key", "")
        if kind in ("Dimension", "GeoDimension"):
            meta.dimensions.append(key)
        elif kind == "TimeDimension":
            meta.time_dimension = key
        elif kind == "Topic":
            try:
                decimals = int(prop.get("Decimals") or 0)
            except ValueError:
                decimals = 0
            meta.topics[key] = Topic(key, prop.get("Title") or key, prop.get("Unit", ""), decimals)
    for dimension in [*meta.dimensions, meta.time_dimension]:
        meta.labels[dimension] = {
            row.get("Key", "").strip(): row.get("Title", "") for row in blocks.get(dimension, [])
        }
    return meta


@dataclass
class Layout:
    dimensions: list[tuple[int, str]]  # column index, dimension name
    period: int
    topics: list[tuple[int, str]]


def layout_from_header(header: list[str], meta: Metadata | None) -> Layout:
    names = [h.strip().lstrip("\ufeff").strip('"') for h in header]
    time_key = meta.time_dimension if meta else "Perioden"
    if time_key not in names:
        raise FileRefused(
            f"Kolom '{time_key}' ontbreekt: dit lijkt geen CBS StatLine-bestand "
            "(TypedDataSet, gescheiden door puntkomma's)."
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
        raise FileRefused("Er staan geen cijferkolommen in het bestand (na 'Perioden').")
    if len(dims) > 4:
        raise FileRefused(
            "Tabellen met meer dan vier dimensies naast de perioden worden niet ondersteund."
        )
    return Layout(dims, period, topics)


def iter_rows(stream: io.TextIOBase) -> Iterator[tuple[int, list[str]]]:
    """Rows with their line number (the header is line 1)."""
    reader = csv.reader(stream, delimiter=DELIMITER)
    for number, row in enumerate(reader, start=1):
        if row and any(cell.strip() for cell in row):
            yield number, row
