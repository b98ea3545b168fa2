"""The rows of the console's lists, each with an md5 of what it is drawn from.

PostgreSQL writes the md5 (`row::text` holds every stored column; a contact's row adds its
person's row), so a row's hash on the page (`data-h`, row_cache) is the same however the row
was loaded, and a row the asking tab already shows is known by its id and md5 alone, without
loading it. A changed list is mostly such rows: a tab that said what it shows
(sessions/live/tab.py) gets a placeholder for each, and only the rows new to it drawn.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import translation

from praktijktafel.models import User
from sessions.live.models import Capture
from sessions.live.selectors.sql import col
from sessions.live.tab import ShownInTab
from sessions.templatetags.row_cache import dom_id, key_hash


@dataclass(frozen=True)
class KeptRows:
    """Rows in a row that the tab has: `{% rowcache %}` sends their placeholders as they are."""

    placeholders: str


def row_md5(model: type[Model], *, with_person: bool) -> RawSQL:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    if not with_person:
        return RawSQL(f"md5({table}::text)", [])  # noqa: S611 - names from _meta
    person = User._meta
    sql = (
        f"md5({table}::text || coalesce((SELECT u::text FROM {quote(person.db_table)} u"  # noqa: S608 - names from _meta
        f" WHERE u.{quote(col(person, 'id'))} = {table}.{quote(col(model._meta, 'person'))}), ''))"
    )
    return RawSQL(sql, [])  # noqa: S611 - names from _meta


def with_row_md5(queryset: QuerySet, *, with_person: bool) -> QuerySet:
    """The rows with `row_md5`, which the console's row hash is made from."""
    if with_person:
        queryset = queryset.select_related("person")
    return queryset.annotate(row_md5=row_md5(queryset.model, with_person=with_person))


# A list of up to this many rows is sent whole when it changed, drawn from the list store as
# for a tab that says nothing: that costs less than the second query placeholders need, and
# it is a few dozen KB. A longer one goes out as placeholders and its new rows.
SENT_WHOLE_UP_TO = 40


def list_rows(queryset: QuerySet, tab, *, with_person: bool, count: int) -> list:
    """The list's rows in its order. For a tab that said what it shows, the rows with an id
    no newer than its newest of that table are placeholders (the tab checks their hash);
    `with_person`: a row is drawn from its person's row too (a contact)."""
    if tab is None or count <= SENT_WHOLE_UP_TO:
        return list(with_row_md5(queryset, with_person=with_person))
    model = queryset.model
    newest = tab.newest.get(model._meta.model_name or "", 0)
    found = list(queryset.values_list("pk", row_md5(model, with_person=with_person)))
    new = [pk for pk, _md5 in found if pk > newest]
    drawn = with_row_md5(queryset, with_person=with_person).in_bulk(new) if new else {}
    language = translation.get_language()
    prefix = dom_id("row", model, "")
    rows: list = []
    kept: list[str] = []
    for pk, md5 in found:
        if pk in drawn:
            if kept:
                rows.append(KeptRows("".join(kept)))
                kept = []
            rows.append(drawn[pk])
            continue
        keep_id = f"{prefix}{pk}"
        # As row_cache.row_hash names a list row with no question waiting on it. Written out,
        # not by placeholder(): an id of letters and a number and a hex hash need no
        # escaping, and a long list has hundreds of them.
        digest = key_hash((language, keep_id, md5))
        kept.append(f'<template data-keep="{keep_id}" data-h="{digest}"></template>')
    if kept:
        rows.append(KeptRows("".join(kept)))
    return rows


class ShownCaptures:
    """The approved captures of a session by kind, read once (in one query) when the first
    capture list that changed is drawn, and not at all while none did. For a tab that said
    what it shows, a changed list is read on its own, its known rows as placeholders."""

    def __init__(self, session_id: int, tab: ShownInTab | None) -> None:
        self.session_id, self.tab = session_id, tab

    @functools.cached_property
    def by_kind(self) -> dict[str, list[Capture]]:
        found: dict[str, list[Capture]] = defaultdict(list)
        shown = Capture.objects.filter(session_id=self.session_id, approved=True)
        for capture in with_row_md5(shown, with_person=True):
            found[capture.kind].append(capture)
        return found

    def of(self, kind: str, count: int) -> Sequence:
        if self.tab is None or count <= SENT_WHOLE_UP_TO:
            return self.by_kind.get(kind, [])
        shown = Capture.objects.filter(session_id=self.session_id, approved=True, kind=kind)
        return list_rows(shown, self.tab, with_person=True, count=count)
