"""How the search page shows what a search found: the lines of each result (the marked words
as HTML, the link, one line of sectors, tags and how many found it useful) and what it says
when nothing was found. Python only, no query: `present_items` runs while the database
counts (`kennisbank.search.search`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kennisbank import analysis
from kennisbank.models import Solution
from kennisbank.search import SearchParams
from kennisbank.text import marked_html, snippet_html


def present_items(items: list[Solution]) -> None:
    """Give each result of a page what the results list shows of it."""
    for item in items:
        title = getattr(item, "title_marked", None)
        item.title_html = marked_html(title) if title else None  # type: ignore[attr-defined]
        summary = getattr(item, "summary_marked", None)
        item.summary_html = marked_html(summary) if summary else None  # type: ignore[attr-defined]
        snippet = getattr(item, "snippet", None)
        item.snippet_html = snippet_html(snippet) if snippet else None  # type: ignore[attr-defined]
        item.url = reverse("kennisbank:detail", args=[item.pk, item.slug])  # type: ignore[attr-defined]
        meta = [", ".join(s.name for s in item.sector_list), ", ".join(item.tags)]  # type: ignore[attr-defined]
        if item.useful_count:
            n = item.useful_count
            meta.append(ngettext("%(n)s found it useful", "%(n)s found it useful", n) % {"n": n})
        item.meta = " · ".join(part for part in meta if part)  # type: ignore[attr-defined]


def nothing_found(params: SearchParams, *, logged_out: bool) -> str:
    """What the page says when a search found nothing: what to try instead."""
    if logged_out:
        return _(
            "Nothing found among the public practical solutions. Log in to search those of "
            "your network too."
        )
    if params.filters:
        return _("Nothing found. Try another word, or fewer filters.")
    if len(params.q.split()) > 1 and analysis.plain_words(params.q) is not None:
        # Words only: the items with most of them were looked for too.
        return _("Nothing found for any of these words. Try other words.")
    if len(params.q.split()) > 1:
        return _("Nothing found: every word must be in a practical solution. Try fewer words.")
    return _("Nothing found. Try another word.")
