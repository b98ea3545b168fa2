"""The kennisbank's search filters, each declared once.

A declaration names the filter (`name`: its key in the search index, `=<name>:<value>`, in
`FacetValue.kind` and in the counts), its address parameter (`param`, Dutch: `?thema=…`), its
legend on the page (`label`) and its source: the `Solution` field the values come from. From
`FACETS` follow the search parameters (`SearchParams.filters`), the search form's fields
(`kennisbank.forms.SearchForm`), the filter values in the index (`kennisbank.index`), the
filter terms of a search, the counts per value and the fieldsets of the page (one loop in
`kennisbank/search.html`).

Three kinds of source: a field with fixed choices (`ChoiceFacet`), the sectors (a slug in
the address, the id in the index, `SectorFacet`) and free text (`TagFacet`)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import models
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from praktijktafel.models import Sector, SizeClass
from praktijktafel.themes import Theme

CONTROL = re.compile(r"[\x00-\x1f\x7f]")
TAG_MAX = 40
TOP_TAGS = 15  # the tags offered: the most frequent of the matches, and those ticked


@dataclass
class Option:
    """One value of a filter as the page shows it: a checkbox with its count."""

    value: str
    label: str
    count: int
    selected: bool
    # Values of one filter are alternatives ("Behouden or Aantrekken"): once one is ticked,
    # the count of another (how many of the results have it) would read as what ticking it
    # gives, which is more, never fewer; so it is not shown.
    show_count: bool = True
    hashed: bool = False  # free text: the checkbox's id is a hash of the value

    @property
    def key(self) -> str:
        """The checkbox's id part: the value, or for free text (a tag) a stable hash of it, so
        the same tag keeps its id when the list is updated and the focus stays on it."""
        if not self.hashed:
            return self.value
        return hashlib.sha1(self.value.encode(), usedforsecurity=False).hexdigest()[:10]

    @property
    def count_label(self) -> str:
        """The count as the total above the results is written: 2.831 in Dutch."""
        return number_format(self.count, force_grouping=True)


@dataclass
class FacetList:
    """One filter's fieldset on the page."""

    facet: Facet
    options: list[Option]


class Facet:
    """A filter. Subclasses say where its values come from and which are allowed."""

    limit: int | None = None  # values of it one address may ask for

    def __init__(self, name: str, param: str, label: Promise | str, source: str):
        self.name = name
        self.param = param
        self.label = label
        self.source = source

    def values_of(self, stored) -> list[str]:
        """The index values of an item, from its `source` field (a list or one value)."""
        values = stored if isinstance(stored, list | tuple) else [stored]
        return [str(v) for v in values if v not in (None, "")]

    def clean(self, values: list[str]) -> list[str]:
        """The values of the address this filter can use (the rest is left out)."""
        raise NotImplementedError

    def index_values(self, values: list[str], known: dict) -> list[str]:
        """The values of the address as the index holds them. `known`: what the search read
        already (the sectors by id), so no filter asks the database again."""
        return values

    def options(self, counts: dict[str, int], selected: list[str], known: dict) -> list[Option]:
        """The values the page offers, with their counts (keyed by index value)."""
        raise NotImplementedError


class ChoiceFacet(Facet):
    """A field with fixed choices: the same value in the address and the index."""

    def __init__(self, name, param, label, source, choices: type[models.TextChoices]):
        super().__init__(name, param, label, source)
        self.choices = choices

    def clean(self, values: list[str]) -> list[str]:
        return [v for v in values if v in self.choices.values]

    def options(self, counts: dict[str, int], selected: list[str], known: dict) -> list[Option]:
        return [
            Option(c.value, str(c.label), counts.get(c.value, 0), c.value in selected)
            for c in self.choices
        ]


class SectorFacet(Facet):
    """The sectors: a slug in the address, the sector's id in the index."""

    limit = 10

    def clean(self, values: list[str]) -> list[str]:
        asked = [v for v in values[:50] if not CONTROL.search(v)]
        slugs = set(Sector.objects.filter(slug__in=asked).values_list("slug", flat=True))
        return [v for v in values if v in slugs]

    def index_values(self, values: list[str], known: dict) -> list[str]:
        ids = [str(pk) for pk, s in known["sectors"].items() if s.slug in values]
        return ids or ["-1"]  # a sector that is gone finds nothing, not everything

    def options(self, counts: dict[str, int], selected: list[str], known: dict) -> list[Option]:
        sectors = sorted(known["sectors"].items(), key=lambda i: i[1].name)
        return [
            Option(s.slug, s.name, counts.get(str(pk), 0), s.slug in selected) for pk, s in sectors
        ]


class TagFacet(Facet):
    """Free text: any value (cut to its length), the most frequent offered."""

    limit = 10

    def clean(self, values: list[str]) -> list[str]:
        return [v[:TAG_MAX] for v in values if v.strip() and not CONTROL.search(v)]

    def options(self, counts: dict[str, int], selected: list[str], known: dict) -> list[Option]:
        top = sorted(counts.items(), key=lambda i: (-i[1], i[0]))[:TOP_TAGS]
        names = {name for name, _c in top} | set(selected)
        return [
            Option(name, name, counts.get(name, 0), name in selected, hashed=True)
            for name in sorted(names)
        ]


FACETS: Sequence[Facet] = (
    ChoiceFacet("theme", "thema", _("HR theme"), "themes", Theme),
    SectorFacet("sector", "sector", _("Sector"), "sector_ids"),
    ChoiceFacet("size", "grootte", _("Fits a firm of"), "sizes", SizeClass),
    # Where a solution was tried: a tip of a firm of four reads differently from one of forty.
    ChoiceFacet("firm_size", "herkomst", _("Tried at a firm of"), "source_size", SizeClass),
    TagFacet("tag", "tag", _("Tags"), "tags"),
)

BY_NAME = {f.name: f for f in FACETS}
SOURCES = tuple(f.source for f in FACETS)


def lists(
    counts: dict[str, dict[str, int]], filters: dict[str, list[str]], known: dict
) -> list[FacetList]:
    """Every filter's fieldset: its values, their counts, which are ticked (a filter without
    values to offer, no tags among the matches, has none and is not shown)."""
    found = []
    for facet in FACETS:
        selected = filters.get(facet.name, [])
        options = facet.options(counts.get(facet.name, {}), selected, known)
        if any(o.selected for o in options):
            for option in options:
                option.show_count = option.selected
        found.append(FacetList(facet, options))
    return found


def terms(filters: dict[str, list[str]], known: dict) -> list[tuple[str, list[str]]]:
    """(name, index values) of each filter the search asks for."""
    found = []
    for facet in FACETS:
        values = filters.get(facet.name)
        if values:
            found.append((facet.name, facet.index_values(values, known)))
    return found


def item_values(item: dict) -> Iterable[tuple[str, str]]:
    """(name, value) of every filter value of an item, given its `SOURCES` fields."""
    for facet in FACETS:
        for value in facet.values_of(item[facet.source]):
            yield facet.name, value[:40]
