"""What a console tab already shows, as it says itself when it asks for its lists.

A busy session's lists hold hundreds of rows and change every few seconds, but each change
touches a row or two. The tab names the lists it shows (each by the hash of what it was
drawn from) and the newest item of each table among its rows; the answer then carries a
short placeholder for every list or row the tab has, and the tab fills those in from its
own page (static/js/live.js). The tab checks each placeholder's hash against its own row
and fetches the whole lists when one differs, so a wrong guess here costs bytes, never a
stale row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from django.db.models import Model

# A list's id on the page and the hash of what it was drawn from (row_cache.key_hash).
_LIST = re.compile(r"^(list-[a-z_]{1,30}):([0-9a-f]{12})$")
_NEWEST = re.compile(r"^([a-z]{1,30}):(\d{1,18})$")
MAX_NAMED = 40  # more lists or tables than the console has: not a tab of ours


@dataclass(frozen=True)
class ShownInTab:
    lists: dict[str, str]  # a list's id -> the hash of the list the tab shows
    newest: dict[str, int]  # a table (model name) -> the highest id among the tab's rows
    # Lists sent whole when they changed (short ones: drawn from the list store, a few KB).
    whole: frozenset[str] = frozenset()

    def sending_whole(self, ids: set[str]) -> ShownInTab:
        return replace(self, whole=frozenset(ids))

    def has_list(self, keep_id: str, digest: str) -> bool:
        return self.lists.get(keep_id) == digest

    def has_row(self, item: Model) -> bool:
        """A guess: its id is not newer than the tab's newest of its table (the tab checks
        the hash)."""
        return item.pk <= self.newest.get(item._meta.model_name or "", 0)


def shown_in_tab(query) -> ShownInTab | None:
    """The tab's own account (query `have_lists` and `have_rows`), or None when it gave none
    or one that is not well formed: then the answer is whole, as for a page without
    JavaScript."""
    if "have_rows" not in query:
        return None
    lists_said = [p for p in query.get("have_lists", "").split(",") if p]
    rows_said = [p for p in query.get("have_rows", "").split(",") if p]
    if len(lists_said) > MAX_NAMED or len(rows_said) > MAX_NAMED:
        return None
    lists, newest = {}, {}
    for part in lists_said:
        found = _LIST.match(part)
        if not found:
            return None
        lists[found[1]] = found[2]
    for part in rows_said:
        found = _NEWEST.match(part)
        if not found:
            return None
        newest[found[1]] = int(found[2])
    return ShownInTab(lists, newest)


def shown_in(request) -> ShownInTab | None:
    """What the asking tab already shows, when it said so (`delta=1`): the lists then carry
    only what is new to it."""
    return shown_in_tab(request.GET) if request.GET.get("delta") == "1" else None
