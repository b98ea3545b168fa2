"""The metadata file that comes with a CBS StatLine table: titles, units, decimals, labels.

The file is one CSV stream (delimiter detected, UTF-8 with or without BOM) cut into
sections. A section starts with a row that holds only its name (`"TableInfos"`,
`"DataProperties"`, one per dimension named by the dimension's key, `"Perioden"`); the next
row is its header (quoted or not), then its rows. Sections may or may not be separated by
blank lines, and quoted fields (descriptions) may run over many lines and contain blank
lines themselves: the CSV reader, not the line breaks, decides where a row ends.

Used:
- `TableInfos`: Identifier, Title (or ShortTitle), Modified, Period, and a licence or
  attribution text where there is one;
- `DataProperties`: Type (Dimension, GeoDimension, TimeDimension, Topic, GroupTopic), Key,
  Title, Unit, Decimals; a topic inside a group gets the group's title after its own;
- every dimension's section (and the time dimension's): Key and Title, the labels.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from sectordata.importing.problems import FileRefused
from sectordata.importing.reading import csv_problems, sniff_delimiter

DIMENSION_TYPES = ("dimension", "geodimension")
TIME_TYPES = ("timedimension",)
TOPIC_TYPES = ("topic",)
GROUP_TYPES = ("grouptopic",)
# TableInfos columns that may hold the licence or attribution text, in order of preference.
ATTRIBUTION_COLUMNS = ("licence", "license", "licentie", "copyright", "attribution", "bron")


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
    modified: str = ""
    attribution: str = ""
    dimensions: list[str] = field(default_factory=list)
    time_dimension: str = "Perioden"
    topics: dict[str, Topic] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # dimension -> key -> title

    @property
    def has_content(self) -> bool:
        """Anything a person would see: a topic's title or unit, or a dimension label."""
        return bool(self.topics) or any(self.labels.get(d) for d in self.dimensions)


def _sections(text: str) -> dict[str, list[dict[str, str]]]:
    """Section name -> rows as dicts keyed by the header's names in lower case."""
    text = text.lstrip("\ufeff")
    delimiter = sniff_delimiter(text[:65536])
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    with csv_problems(reader):
        rows = [row for row in reader if row]
    sections: dict[str, list[dict[str, str]]] = {}
    index = 0
    while index < len(rows):
        row = rows[index]
        index += 1
        if len(row) != 1 or not row[0].strip() or index >= len(rows):
            continue  # not a section's name (or a name with nothing after it)
        name = row[0].strip()
        header = [cell.strip().lower() for cell in rows[index]]
        index += 1
        body: list[dict[str, str]] = []
        while index < len(rows):
            cells = rows[index]
            if len(cells) == 1 and len(header) > 1 and cells[0].strip():
                break  # a line with only a name: the next section starts
            body.append(dict(zip(header, (c.strip() for c in cells), strict=False)))
            index += 1
        sections[name] = body
    return sections


def _decimals(text: str) -> int:
    try:
        return max(0, min(int(text or 0), 6))
    except ValueError:
        return 0


def read_metadata(text: str) -> Metadata:
    """The metadata, or FileRefused when the file gives no label, title or unit at all."""
    sections = _sections(text)
    by_name = {name.lower(): rows for name, rows in sections.items()}
    meta = Metadata()
    info = (by_name.get("tableinfos") or [{}])[0]
    meta.table_id = info.get("identifier", "")
    meta.title = info.get("title", "") or info.get("shorttitle", "")
    meta.period_text = info.get("period", "")
    meta.modified = info.get("modified", "")
    meta.attribution = next((info[c] for c in ATTRIBUTION_COLUMNS if info.get(c)), "")
    properties = by_name.get("dataproperties", [])
    groups = {
        prop.get("id") or prop.get("position", ""): prop.get("title", "")
        for prop in properties
        if prop.get("type", "").lower() in GROUP_TYPES
    }
    for prop in properties:
        kind, key = prop.get("type", "").lower(), prop.get("key", "").strip()
        if not key:
            continue
        if kind in DIMENSION_TYPES:
            meta.dimensions.append(key)
        elif kind in TIME_TYPES:
            meta.time_dimension = key
        elif kind in TOPIC_TYPES:
            title = prop.get("title") or key
            group = groups.get(prop.get("parentid", ""), "")
            if group and group.lower() not in title.lower():
                title = f"{title} ({group})"
            meta.topics[key] = Topic(
                key, title, prop.get("unit", ""), _decimals(prop.get("decimals", ""))
            )
    for dimension in [*meta.dimensions, meta.time_dimension]:
        rows = sections.get(dimension) or by_name.get(dimension.lower(), [])
        meta.labels[dimension] = {
            row.get("key", "").strip(): row.get("title", "").strip()
            for row in rows
            if row.get("key", "").strip()
        }
    if not meta.has_content:
        raise FileRefused(
            _(
                "The metadata file gives no labels, titles or units: no 'DataProperties' "
                "section with topics and no labels for a dimension were found. Download the "
                'metadata file again from StatLine (it starts with "TableInfos"), or import '
                "without a metadata file."
            )
        )
    return meta
