"""The metadata file that comes with a CBS StatLine table: titles, units, decimals, labels.

Blocks, each opened by a line with only the block's name (TableInfos,
DataProperties, one per dimension, Perioden), then a header line and rows, until a blank
line.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

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
