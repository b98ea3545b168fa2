"""Searching the kennisbank: the words (keys from `kennisbank.analysis`, matched by PostgreSQL
full-text search), the filters, the counts per filter value in one pass, the highlighted
snippets and the "Bedoelde je".

The page's GET parameters are checked by `kennisbank.forms.SearchForm`, which turns them into
the `SearchParams` read here."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db import connection, transaction
from django.db.models import F, Func, QuerySet, Value
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kennisbank import analysis
from kennisbank.models import SearchWord, Solution
from kennisbank.selectors import published_for
from kennisbank.text import MARK_END, MARK_START
from praktijktafel.dates import quarter_bounds, quarter_containing
from praktijktafel.models import Sector, SizeClass
from praktijktafel.themes import Theme

PAGE_SIZE = 20
RANK_WEIGHTS = [0.05, 0.2, 0.6, 1.0]  # weights D, C, B, A of `kennisbank.analysis`
SNIPPET_WORDS = 30
SUGGEST_WORDS = 6  # the words of a search checked for a suggestion
SUGGEST_CANDIDATES = 3  # similar words tried for each
COUNT_CAP = 10_000  # matches counted exactly; above it the page says "more than 10.000"
QUERY_MAX = 200
TOP_TAGS = 15
TAG_SAMPLE = 1_000  # above COUNT_CAP, the tags offered as filters are those of this many
WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


@dataclass
class SearchParams:
    q: str = ""
    themes: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)  # slugs
    tags: list[str] = field(default_factory=list)
    sizes: list[str] = field(default_factory=list)
    sort: str = "relevance"
    page: int = 1
    since: datetime | None = None  # "new this quarter"


@dataclass
class Facet:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResult:
    items: list[Solution]
    total: int
    page: int
    pages: int
    facets: dict[str, list[Facet]]
    suggestion: str = ""
    message: str = ""
    searched: bool = False
    capped: bool = False  # more matches than COUNT_CAP: total and counts are of the first ones

    @property
    def cap_label(self) -> str:
        return number_format(COUNT_CAP, force_grouping=True)


def _plain(text: str) -> str:
    normal = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in normal if not unicodedata.combining(c))


def words_of(text: str) -> set[str]:
    return {w[:60] for w in WORD.findall(_plain(text))}


def _clean_query(raw: str) -> tuple[str, str]:
    """(query to search, message for the person). Quotes, backslashes and SQL are just text
    to websearch_to_tsquery; only the length and 'nothing to search for' need an answer."""
    text = " ".join((raw or "").split())
    message = ""
    if len(text) > QUERY_MAX:
        text = text[:QUERY_MAX]
        message = _("Your search was long; only the first %(n)d characters were used.") % {
            "n": QUERY_MAX
        }
    if text and not re.search(r"\w", text):
        return "", _("Search for one or more words; punctuation alone finds nothing.")
    return text, message


class ParsedQuery(SearchQuery):
    """A search parsed in Python (`kennisbank.analysis.parse`), passed as a tsquery literal:
    its keys are the lexemes the items' vectors hold, so PostgreSQL only looks them up."""

    def __init__(self, parsed: analysis.Query):
        super().__init__(parsed.tsquery)
        self.lexemes = parsed.tsquery
        self.keys = parsed.keys

    def as_sql(self, compiler, connection, function=None, template=None, **extra):  # type: ignore[override]
        return "%s::tsquery", [self.lexemes]


def _filtered(
    base: QuerySet[Solution], params: SearchParams, sector_ids: list[int], *, by_index: bool
):
    """The filters of the search page. With words to search for, the filters are written so
    that no index can serve them (`array_remove(x, NULL)` is x itself): the planner would
    otherwise start from, say, every item of a theme and test each one's search vector, which
    is stored out of line and costs a read per row that the planner does not count. Starting
    from the words' index and filtering what it finds is always the cheaper way round."""
    qs = base
    for name, values in (
        ("themes", params.themes),
        ("sector_ids", params.sectors and (sector_ids or [-1])),
        ("tags", params.tags),
        ("sizes", params.sizes),
    ):
        if not values:
            continue
        column = name
        if not by_index:
            column = f"{name}_as_is"
            as_is = Func(
                F(name),
                Value(None),
                function="array_remove",
                output_field=cast(ArrayField, Solution._meta.get_field(name)),
            )
            qs = qs.alias(**{column: as_is})
        qs = qs.filter(**{f"{column}__overlap": values})
    if params.since:
        qs = qs.filter(published_at__gte=params.since)
    return qs


def _one_pass(
    qs: QuerySet[Solution], query, params: SearchParams, page: int, cap: int | None = None
):
    """Counts per theme, sector, tag and size, the total, and the ids of one page, in one
    query that reads each matching row once. Returns (counts, ids in order).

    With `cap`, only the first cap + 1 matches the index gives are read: a total above `cap`
    means "more than cap", and the counts and the page are those of that many matches."""
    ranked = query is not None and params.sort != "new"
    hits = qs.order_by().values("id", "published_at", "themes", "sector_ids", "tags", "sizes")
    if ranked:
        # D: first part of a compound, C: its head, B: own word in summary or tags, A: in title.
        rank = SearchRank(F("head_vector"), query, weights=RANK_WEIGHTS)
        hits = hits.annotate(rank=rank)  # type: ignore[assignment]
    if cap is not None:
        hits = hits[: cap + 1]
    inner, inner_params = hits.query.sql_with_params()
    order = "rank DESC, published_at DESC, id DESC" if ranked else "published_at DESC, id DESC"
    # The page: sort only the matches' sort keys, keeping the best 20 (a top-N sort), then
    # number those 20.
    keys = "id, rank, published_at" if ranked else "id, published_at"
    # With a cap, the page is of the first `cap` matches (the one more only tells "more").
    ranked_rows = "hits" if cap is None else "(SELECT * FROM hits LIMIT %(cap)s) first"
    # Above the cap no count per filter value is shown (it would be of the first matches
    # only): the themes, sectors and sizes are not counted at all (a one-time filter), and
    # the tags offered are the most frequent of the first TAG_SAMPLE matches.
    exact = "" if cap is None else "WHERE (SELECT c FROM n) <= %(cap)s"
    tag_rows = (
        "hits"
        if cap is None
        else (
            "(SELECT tags FROM hits LIMIT CASE WHEN (SELECT c FROM n) > %(cap)s "
            "THEN %(sample)s END) first"
        )
    )
    sql = f"""
        WITH hits AS MATERIALIZED ({inner}),
        n AS MATERIALIZED (SELECT count(*) AS c FROM hits),
        top AS (SELECT id, row_number() OVER (ORDER BY {order}) AS n
                FROM (SELECT {keys} FROM {ranked_rows}
                      ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s) best)
        SELECT 'theme', v, count(*) FROM (SELECT unnest(themes) v FROM hits {exact}) x
        GROUP BY v
        UNION ALL
        SELECT 'sector', v::text, count(*) FROM (SELECT unnest(sector_ids) v FROM hits {exact}) x
        GROUP BY v
        UNION ALL
        SELECT 'tag', v, count(*) FROM (SELECT unnest(tags) v FROM {tag_rows}) x GROUP BY v
        UNION ALL
        SELECT 'size', v, count(*) FROM (SELECT unnest(sizes) v FROM hits {exact}) x GROUP BY v
        UNION ALL SELECT 'total', '', c FROM n
        UNION ALL SELECT 'page', id::text, n FROM top
    """  # noqa: S608 - inner SQL comes from the ORM with its own parameters
    counts: dict[str, dict[str, int]] = {"theme": {}, "sector": {}, "tag": {}, "size": {}}
    page_ids: list[tuple[int, int]] = []
    total = 0
    with connection.cursor() as cursor:
        # The ORM's positional parameters as named ones, to mix with those of this query.
        named = {f"p{i}": value for i, value in enumerate(inner_params)}
        names = iter(named)
        inner_sql = re.sub(
            r"%([%s])", lambda m: "%%" if m[1] == "%" else f"%({next(names)})s", inner
        )
        values = {"cap": cap, "sample": TAG_SAMPLE, "limit": PAGE_SIZE}
        values["offset"] = (page - 1) * PAGE_SIZE
        cursor.execute(sql.replace(inner, inner_sql), {**named, **values})
        for kind, value, count in cursor.fetchall():
            if kind == "total":
                total = count
            elif kind == "page":
                page_ids.append((count, int(value)))
            else:
                counts[kind][value] = count
    counts["total"] = {"": total}
    return counts, [pk for _n, pk in sorted(page_ids)]


def _facets(counts, params: SearchParams, sectors: dict[int, Sector]) -> dict[str, list[Facet]]:
    themes = [
        Facet(t.value, str(t.label), counts["theme"].get(t.value, 0), t.value in params.themes)
        for t in Theme
    ]
    sector_facets = [
        Facet(s.slug, s.name, counts["sector"].get(str(pk), 0), s.slug in params.sectors)
        for pk, s in sorted(sectors.items(), key=lambda i: i[1].name)
    ]
    sizes = [
        Facet(s.value, str(s.label), counts["size"].get(s.value, 0), s.value in params.sizes)
        for s in SizeClass
    ]
    top = sorted(counts["tag"].items(), key=lambda i: (-i[1], i[0]))[:TOP_TAGS]
    names = {name for name, _c in top} | set(params.tags)
    tags = [
        Facet(name, name, counts["tag"].get(name, 0), name in params.tags) for name in sorted(names)
    ]
    return {"theme": themes, "sector": sector_facets, "tag": tags, "size": sizes}


def _finds(qs: QuerySet[Solution], text: str) -> bool:
    parsed = analysis.parse(text)
    return bool(parsed.tsquery) and qs.filter(search_vector=ParsedQuery(parsed)).exists()


def suggestion_for(query: str, *, user=None, qs: QuerySet[Solution] | None = None) -> str:
    """'Bedoelde je …', for a search that found nothing: each word that is not a Dutch word
    and finds nothing on its own is replaced by the most similar word of the published items
    (trigram similarity) that does find something, never by a stop word; the whole suggestion
    must find something, or there is none."""
    qs = published_for(user) if qs is None else qs
    words = list(dict.fromkeys(WORD.findall(query.lower())))[:SUGGEST_WORDS]
    if not words:
        return ""
    better = query
    changed = False
    for word in words:
        if _plain(word) in analysis.STOPWORDS or analysis.is_dutch_word(word):
            continue  # a word of the language is not a typo ('plan' is not 'plant')
        if _finds(qs, word):
            continue
        candidates = (
            SearchWord.objects.filter(word__trigram_similar=_plain(word))
            .exclude(word__in=sorted(analysis.STOPWORDS | {_plain(word)}))
            .annotate(similarity=TrigramSimilarity("word", _plain(word)))
            .order_by("-similarity", "-count")
            .values_list("word", flat=True)[:SUGGEST_CANDIDATES]
        )
        match = next((c for c in candidates if _finds(qs, c)), None)
        if match:
            better = re.sub(rf"\b{re.escape(word)}\b", match, better, flags=re.IGNORECASE)
            changed = True
    if not changed or better.lower() == query.lower() or not _finds(qs, better):
        return ""
    return better


def search(*, user, params: SearchParams) -> SearchResult:
    query_text, message = _clean_query(params.q)
    sectors = {s.pk: s for s in Sector.objects.all()}
    by_slug = {s.slug: pk for pk, s in sectors.items()}
    sector_ids = [by_slug[s] for s in params.sectors if s in by_slug]
    qs = published_for(user)
    query = None
    if query_text:
        parsed = analysis.parse(query_text)
        if parsed.tsquery == "":
            message = _("Only very common words: search for a more specific word, e.g. 'verzuim'.")
        else:
            query = ParsedQuery(parsed)
            qs = qs.filter(search_vector=query)
    qs = _filtered(qs, params, sector_ids, by_index=query is None)
    with transaction.atomic(), connection.cursor() as cursor:
        # The planner does not count the cost of fetching a search vector stored out of line,
        # so for a broad word it would read every row's vector; the GIN index is cheaper.
        cursor.execute("SET LOCAL enable_seqscan = off")
        # The matching rows are kept once for the counts and the page: in memory, not on disk.
        cursor.execute("SET LOCAL work_mem = '32MB'")
        # With sequential scans priced out, a filter-only plan can look expensive enough for
        # JIT compilation, which costs 100+ ms to save a few: never worth it here.
        cursor.execute("SET LOCAL jit = off")
        if query is not None:
            # Likewise walking the date index and testing each row's vector: use the bitmap.
            cursor.execute("SET LOCAL enable_indexscan = off")
        # A word in very many items is counted up to COUNT_CAP matches (as Elasticsearch's
        # track_total_hits does): counting and ranking 100,000 matches costs 400 ms or more.
        cap = COUNT_CAP if query is not None else None
        counts, ids = _one_pass(qs, query, params, max(1, params.page), cap)
        total = counts["total"][""]
        capped = cap is not None and total > cap
        if capped:
            total = COUNT_CAP
        pages = max(1, math.ceil(total / PAGE_SIZE))
        page = min(max(1, params.page), pages)
        if page != max(1, params.page):  # asked for a page past the end: show the last one
            counts, ids = _one_pass(qs, query, params, page, cap)
    items = _page(ids, query)
    for item in items:
        item.sector_list = [sectors[i] for i in item.sector_ids if i in sectors]  # type: ignore[attr-defined]
    # Every word must match, so a misspelling finds nothing: that is when to suggest.
    suggestion = ""
    if query is not None and total == 0:
        suggestion = suggestion_for(
            query_text, qs=_filtered(published_for(user), params, sector_ids, by_index=True)
        )
    return SearchResult(
        items=items,
        total=total,
        page=page,
        pages=pages,
        facets=_facets(counts, params, sectors),
        suggestion=suggestion,
        message=message,
        searched=bool(query_text),
        capped=capped,
    )


def _page(ids: list[int], query: ParsedQuery | None) -> list[Solution]:
    """The rows of one page in their order, with the title and a snippet of the body
    highlighted (in Python, by the same analysis as the search: the matching part of a
    compound is marked): only these rows have their body read."""
    if not ids:
        return []
    columns = (
        ("search_vector", "head_vector")
        if query is not None
        else ("body", "search_vector", "head_vector")
    )
    found = {s.pk: s for s in Solution.objects.filter(pk__in=ids).defer(*columns)}
    items = [found[pk] for pk in ids if pk in found]
    if query is not None:
        for item in items:
            marks = (query.keys, MARK_START, MARK_END)
            item.title_marked = analysis.highlight(item.title, *marks)  # type: ignore[attr-defined]
            item.summary_marked = analysis.highlight(item.summary, *marks)  # type: ignore[attr-defined]
            item.snippet = analysis.snippet(  # type: ignore[attr-defined]
                item.body, query.keys, MARK_START, MARK_END, words=SNIPPET_WORDS, fragments=2
            )
    return items


def quarter_start(now: datetime | None = None) -> datetime:
    return quarter_bounds(*quarter_containing(now or timezone.now()))[0]
