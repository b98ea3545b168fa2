"""One search from its parameters to its page: the filters, the words, the counts, the
page's rows with the searched words marked, and the correction of a clear typo."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kennisbank import analysis, facets, synonyms
from kennisbank.facets import FacetList, Option
from kennisbank.models import SearchEntry, Solution
from kennisbank.search.counts import COUNT_CAP, _counts
from kennisbank.search.ranking import PAGE_SIZE, _half_typed, _newest_ids, _ranked_page, _widened
from kennisbank.search.suggestions import _suggest
from kennisbank.search.tsquery import ParsedQuery, _clean_query, _lexeme
from kennisbank.selectors import searchable_for
from kennisbank.text import MARK_END, MARK_START
from praktijktafel.dates import quarter_bounds, quarter_containing
from praktijktafel.models import Sector

SNIPPET_WORDS = 30
MARK_ANALYSES = 200  # matching words a page analyses to mark the matching part of a compound


@dataclass
class SearchParams:
    q: str = ""
    # The ticked values of each filter, by its name in `kennisbank.facets` ("theme": [...]),
    # as the address gives them (a sector by its slug).
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    since: datetime | None = None  # "new this quarter"
    literal: bool = False  # the words as typed: no correction of a typo


@dataclass
class SearchResult:
    items: list[Solution]
    total: int
    page: int
    pages: int
    facets: dict[str, list[Option]]  # each filter's values, by the filter's name
    suggestion: str = ""
    message: str = ""
    searched: bool = False
    capped: bool = False  # more matches than COUNT_CAP: no counts per filter value, the best
    # COUNT_CAP of all matches can be paged through
    clear: bool = False  # the suggestion is clearly the best correction
    query: str = ""  # what was searched for
    corrected_from: str = ""  # what was typed, when these are the results of a correction
    filters: list[FacetList] = field(default_factory=list)  # the fieldsets, in page order

    @property
    def cap_label(self) -> str:
        return number_format(COUNT_CAP, force_grouping=True)

    @property
    def heading(self) -> str:
        """What was found, as the page says it above the results (and to a screen reader)."""
        if self.capped:
            return _("More than %(n)s practical solutions") % {"n": self.cap_label}
        return ngettext(
            "%(shown)s practical solution", "%(shown)s practical solutions", self.total
        ) % {"shown": self.total_label}

    @property
    def total_label(self) -> str:
        """The total as a reader writes it: 9.715 in Dutch, 9,715 in English."""
        return number_format(self.total, force_grouping=True)


def filter_terms(params: SearchParams, known: dict) -> str:
    """The page's filters as lexemes of the search vector (`kennisbank.index` puts
    `=<filter>:<value>` there for each filter of `kennisbank.facets`): any of a filter's
    values, every filter. So a filtered search is one lookup in the GIN index."""
    terms = []
    for name, values in facets.terms(params.filters, known):
        terms.append("(" + " | ".join(_lexeme(f"={name}:{v}") for v in values) + ")")
    return " & ".join(terms)


def _filtered(base: QuerySet[SearchEntry], filters: str) -> QuerySet[SearchEntry]:
    """The page's filters (`filter_terms`) on their own, for a page without words."""
    if not filters:
        return base
    return base.filter(search_vector=ParsedQuery(analysis.Query(filters, frozenset())))


def _since(qs: QuerySet[SearchEntry], params: SearchParams) -> QuerySet[SearchEntry]:
    return qs.filter(published_at__gte=params.since) if params.since else qs


def search(
    *, user, params: SearchParams, present: Callable[[list[Solution]], object] | None = None
) -> SearchResult:
    """One page of the search. `present` (the page's own preparation of the items, Python
    only) runs with the marking of the words, while the database counts.

    A search that finds nothing, with one clearly best correction (`_suggest`), shows the
    results of the correction and says so, unless the person asked for the words as typed
    (`literal`)."""
    with synonyms.loaded():
        result = _search(user=user, params=params, present=present)
        words = analysis.plain_words(result.query) if result.searched else None
        last = words[-1].raw if words and _half_typed(words) else ""
        if not result.total and last and analysis.is_dutch_word(last):
            # The last word found nothing as a whole word: perhaps it is being typed (`vital`
            # of `vitaliteit`). Only then, so a whole word costs what it did.
            started = _search(user=user, params=params, present=present, as_start=True)
            if started.total:
                return started
        if result.suggestion and result.clear and not params.literal:
            corrected = _search(
                user=user,
                params=replace(params, q=result.suggestion, literal=True),
                present=present,
            )
            if corrected.total:
                corrected.corrected_from = result.query
                return corrected
    return result


def _search(
    *,
    user,
    params: SearchParams,
    present: Callable[[list[Solution]], object] | None,
    as_start: bool = False,
) -> SearchResult:
    query_text, message = _clean_query(params.q)
    sectors = {s.pk: s for s in Sector.objects.only("name", "slug")}
    known = {"sectors": sectors}  # what the filters need to know, read once
    base = _since(searchable_for(user), params)
    filters = filter_terms(params, known)
    query = None
    if query_text:
        parsed = analysis.parse(query_text)
        if parsed.tsquery == "" and all(len(w) < 2 for w in re.findall(r"\w+", query_text)):
            # A first letter typed in the live search: nothing to search for yet.
            message = _("Type a word of at least two letters.")
        elif parsed.tsquery == "":
            message = _("Only very common words: search for a more specific word, e.g. 'verzuim'.")
        else:
            query = ParsedQuery(parsed) & filters
    with transaction.atomic(), connection.cursor() as cursor:
        # For this transaction only, in one round trip:
        # - the planner does not count the cost of fetching a search vector stored out of
        #   line, so for a broad word it would read every row's vector; the GIN index is
        #   cheaper (enable_seqscan), and so it is than walking the date index and testing
        #   each row's vector (enable_indexscan, when there are words or filters);
        # - the matching rows are kept once for the counts: in memory, not on disk (work_mem);
        # - with sequential scans priced out, a plan can look expensive enough for JIT
        #   compilation, which costs 100+ ms to save a few: never worth it here.
        bitmap = "off" if query is not None or filters else "on"
        cursor.execute(
            "SELECT set_config('enable_seqscan', 'off', true), "
            "set_config('enable_indexscan', %s, true), set_config('work_mem', '32MB', true), "
            "set_config('jit', 'off', true)",
            [bitmap],
        )
        # Matches are counted up to COUNT_CAP (as Elasticsearch's track_total_hits does):
        # counting 100,000 matches of a broad word, or the page without words (every
        # published item), costs far more than a page.
        groups: list[ParsedQuery] = []
        widened = ""
        if query is not None:
            groups, widened = _widened(base, query_text, query, filters, as_start=as_start)
            query = groups[-1]  # every match; its keys are every key to mark
        matches = _filtered(base, filters) if query is None else base.filter(search_vector=query)
        # The page first, then the counts, with the words marked on the page while the
        # database counts; a page past the end is known only then, and becomes the last one.
        wanted = max(1, params.page)
        items = _page(_page_ids(base, matches, groups, params, wanted), query)

        def prepare() -> None:
            _mark(items, query)
            for item in items:
                item.sector_list = [sectors[i] for i in item.sector_ids if i in sectors]  # type: ignore[attr-defined]
            if present is not None:
                present(items)

        counts = _counts(matches, meanwhile=prepare)
        total = counts["total"][""]
        capped = total > COUNT_CAP
        total = min(total, COUNT_CAP)
        pages = max(1, math.ceil(total / PAGE_SIZE))
        page = min(wanted, pages)
        if page != wanted:
            items = _page(_page_ids(base, matches, groups, params, page), query)
            prepare()
        if capped:  # the pages go as far as the matches counted: the best COUNT_CAP
            items = items[: max(0, COUNT_CAP - (page - 1) * PAGE_SIZE)]
        # Every word must match, so a misspelling finds nothing: that is when to suggest
        # (here, so its look-ups use the index as the search did).
        suggestion, clear = "", False
        if query is not None and total == 0:
            suggestion, clear = _suggest(query_text, base, filters)
        elif widened:
            message = " ".join(m for m in (message, widened) if m)
    filter_lists = facets.lists(counts, params.filters, known)
    return SearchResult(
        items=items,
        total=total,
        page=page,
        pages=pages,
        facets={f.facet.name: f.options for f in filter_lists},
        filters=filter_lists,
        suggestion=suggestion,
        message=message,
        searched=bool(query_text),
        capped=capped,
        clear=clear,
        query=query_text,
    )


def _page_ids(
    base: QuerySet[SearchEntry],
    matches: QuerySet[SearchEntry],
    groups: list[ParsedQuery],
    params: SearchParams,
    page: int,
) -> list[int]:
    """One page's ids: newest first without words or when asked, else best first."""
    if not groups or params.sort == "new":
        return _newest_ids(matches, page)
    return _ranked_page(base, groups, page)


def _page(ids: list[int], query: ParsedQuery | None) -> list[Solution]:
    """The rows of one page in their order: what the results list shows, the body only for
    a snippet (only these rows have their body read)."""
    if not ids:
        return []
    columns = ["title", "summary", "tags", "sector_ids", "useful_count", "published_at"]
    rows = Solution.objects.filter(pk__in=ids)
    if query is not None:
        columns += ["body", "themes"]
        # Where the searched words are, from the stored vector (its positions), so marking
        # them never analyses the stored text again (`_mark`).
        rows = rows.annotate(
            hit_positions=RawSQL(
                "ARRAY(SELECT p FROM unnest(kennisbank_solution.search_vector) AS u, "
                "unnest(u.positions) AS p WHERE u.lexeme = ANY(%s::text[]) "
                "OR u.lexeme ^@ ANY(%s::text[]))",
                (sorted(query.keys), sorted(query.prefixes)),
            )
        )
        if query.prefixes:  # the whole words a half-typed one found, to mark them
            rows = rows.annotate(
                hit_keys=RawSQL(
                    "ARRAY(SELECT u.lexeme FROM unnest(kennisbank_solution.search_vector) AS u "
                    "WHERE u.lexeme ^@ ANY(%s::text[]))",
                    (sorted(query.prefixes),),
                )
            )
    found = {s.pk: s for s in rows.only(*columns)}
    return [found[pk] for pk in ids if pk in found]


def _mark(items: list[Solution], query: ParsedQuery | None) -> None:
    """The title, summary and a snippet of the body with the searched words marked (in
    Python, by the same analysis as the search: the matching part of a compound)."""
    if query is None:
        return
    budget = analysis.Budget(MARK_ANALYSES)
    for item in items:
        keys = query.keys | frozenset(getattr(item, "hit_keys", None) or ())
        marks = (keys, MARK_START, MARK_END)
        # Which words match comes from the stored vector; only the words marked are analysed.
        positions = getattr(item, "hit_positions", None)
        title_at, summary_at, body_at = analysis.field_positions(
            title=item.title, summary=item.summary, tags=list(item.tags), themes=list(item.themes)
        )
        item.title_marked = analysis.highlight(  # type: ignore[attr-defined]
            item.title, *marks, hits=analysis.hits_from(positions, title_at), budget=budget
        )
        item.summary_marked = analysis.highlight(  # type: ignore[attr-defined]
            item.summary, *marks, hits=analysis.hits_from(positions, summary_at), budget=budget
        )
        item.snippet = analysis.snippet(  # type: ignore[attr-defined]
            item.body,
            *marks,
            words=SNIPPET_WORDS,
            fragments=2,
            hits=analysis.hits_from(positions, body_at),
            budget=budget,
        )


def quarter_start(now: datetime | None = None) -> datetime:
    return quarter_bounds(*quarter_containing(now or timezone.now()))[0]
