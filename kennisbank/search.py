"""Searching the kennisbank: the words (keys from `kennisbank.analysis`, matched by PostgreSQL
full-text search), the filters, the counts per filter value in one pass, the highlighted
snippets and the "Bedoelde je".

The page's GET parameters are checked by `kennisbank.forms.SearchForm`, which turns them into
the `SearchParams` read here."""

from __future__ import annotations

import hashlib
import itertools
import math
import re
import unicodedata
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import NamedTuple

import psycopg
from django.contrib.postgres.search import SearchQuery, TrigramSimilarity
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kennisbank import analysis, synonyms, typos
from kennisbank.models import SearchEntry, SearchWord, Solution
from kennisbank.selectors import searchable_for
from kennisbank.text import MARK_END, MARK_START
from praktijktafel.dates import quarter_bounds, quarter_containing
from praktijktafel.models import Sector, SizeClass
from praktijktafel.themes import Theme

PAGE_SIZE = 20
SNIPPET_WORDS = 30
MARK_ANALYSES = 200  # matching words a page analyses to mark the matching part of a compound
SUGGEST_WORDS = 6  # the words of a search checked for a suggestion
SUGGEST_CANDIDATES = 3  # words with most trigrams in common looked up for each
CHECK_CANDIDATES = 5  # the best candidates tried for whether they find something
EDIT_WORD_MAX = 25  # letters: a longer word gets candidates by trigrams only
INFLECTION_ENDINGS = ("en", "s")  # a plural the items may use instead of the word
COUNT_CAP = 10_000  # matches counted exactly; above it the page says "more than 10.000"
QUERY_MAX = 200
TOP_TAGS = 15
FEW = 5  # fewer matches with every word: those with most of the words follow
RELAX_WORDS = 6  # words of a search that may be partly left out (the combinations grow fast)
TRIGRAM_THRESHOLD = 0.3  # pg_trgm's default for `%`: a candidate for a suggestion
# A candidate's score is the cost of the slip (`typos.typo_cost`, about 1 an edit) less this
# for each tenfold of the items that use it: of two words one slip away, the kennisbank's
# common word wins. A correction is shown without asking when it is one slip away and this
# much better than any other word (not a form of it) that finds something.
FREQUENCY_WEIGHT = 0.25
CLEAR_GAP = 0.15
PREFIX_MIN = 4  # letters of a half-typed last word before it is searched as a word's start
COMPLETION_WORDS = 100  # the items' words starting with a half-typed word whose keys it adds
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
    literal: bool = False  # the words as typed: no correction of a typo


@dataclass
class Facet:
    value: str
    label: str
    count: int
    selected: bool
    # Values of one filter are alternatives ("Behouden or Aantrekken"): once one is ticked,
    # the count of another (how many of the results have it) would read as what ticking it
    # gives, which is more, never fewer; so it is not shown.
    show_count: bool = True

    @property
    def key(self) -> str:
        """A stable part of the checkbox's id, whatever the value holds (a tag is free text):
        the same tag keeps its id when the list is updated, so the focus stays on it."""
        return hashlib.sha1(self.value.encode(), usedforsecurity=False).hexdigest()[:10]

    @property
    def count_label(self) -> str:
        """The count as the total above the results is written: 2.831 in Dutch."""
        return number_format(self.count, force_grouping=True)


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
    capped: bool = False  # more matches than COUNT_CAP: no counts per filter value, the best
    # COUNT_CAP of all matches can be paged through
    clear: bool = False  # the suggestion is clearly the best correction
    query: str = ""  # what was searched for
    corrected_from: str = ""  # what was typed, when these are the results of a correction

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
    its keys are the lexemes the items' vectors hold, so PostgreSQL only looks them up.
    `also` is ANDed to it (the filter values, a rank tier)."""

    def __init__(self, parsed: analysis.Query, also: str = ""):
        self.lexemes = f"({parsed.tsquery}) & {also}" if also else parsed.tsquery
        super().__init__(self.lexemes)
        self.keys = parsed.keys
        self.prefixes = parsed.prefixes

    def __and__(self, also: str) -> ParsedQuery:  # type: ignore[override]
        if not also:
            return self
        return ParsedQuery(analysis.Query(self.lexemes, self.keys, self.prefixes), also)

    def as_sql(self, compiler, connection, function=None, template=None, **extra):  # type: ignore[override]
        return "%s::tsquery", [self.lexemes]


def _lexeme(text: str) -> str:
    """`text` as one quoted lexeme of a tsquery (a tag is what someone typed)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def filter_terms(params: SearchParams, sector_ids: list[int]) -> str:
    """The page's filters as lexemes of the search vector (the database trigger of migration
    0007 puts `=theme:…`, `=sector:…`, `=size:…` and `=tag:…` there): any of a filter's values,
    every filter. So a filtered search is one lookup in the GIN index."""
    terms = []
    for prefix, values in (
        ("theme", params.themes),
        ("sector", [str(i) for i in (sector_ids or [-1])] if params.sectors else []),
        ("size", params.sizes),
        ("tag", params.tags),
    ):
        if values:
            terms.append("(" + " | ".join(_lexeme(f"={prefix}:{v}") for v in values) + ")")
    return " & ".join(terms)


def _filtered(base: QuerySet[SearchEntry], filters: str) -> QuerySet[SearchEntry]:
    """The page's filters (`filter_terms`) on their own, for a page without words."""
    if not filters:
        return base
    return base.filter(search_vector=ParsedQuery(analysis.Query(filters, frozenset())))


def _since(qs: QuerySet[SearchEntry], params: SearchParams) -> QuerySet[SearchEntry]:
    return qs.filter(published_at__gte=params.since) if params.since else qs


def _counts(
    qs: QuerySet, meanwhile: Callable[[], object] | None = None
) -> dict[str, dict[str, int]]:
    """Counts per theme, sector, tag and size and the total, in one query that reads each of
    the first COUNT_CAP + 1 matches the index gives once. A total above COUNT_CAP means "more
    than that": then no count per filter value is made (it would be of the first matches
    only), and the tags offered are the most frequent of the first TAG_SAMPLE matches.

    It is the slowest statement of a search, so `meanwhile` (Python work that needs no
    query) runs while the database counts: the statement is sent in pipeline mode and its
    rows are read after `meanwhile`, on the same connection and in the same transaction."""
    inner, inner_params = (
        qs.order_by().values("facet_codes")[: COUNT_CAP + 1].query.sql_with_params()
    )
    # Every filter value of every match counted in one go, as integers (`facet_codes`); above
    # the cap only the tags of the first TAG_SAMPLE matches, to offer as filters.
    sql = f"""
        WITH hits AS MATERIALIZED ({inner}),
        n AS MATERIALIZED (SELECT count(*) AS c FROM hits)
        SELECT f.kind, f.value, x.c FROM (
            SELECT v, count(*) AS c FROM (
                SELECT unnest(facet_codes) v FROM hits WHERE (SELECT c FROM n) <= %(cap)s
            ) u GROUP BY v
        ) x JOIN kennisbank_facetvalue f ON f.id = x.v
        UNION ALL
        SELECT f.kind, f.value, x.c FROM (
            SELECT v, count(*) AS c FROM (
                SELECT unnest(facet_codes) v FROM (
                    SELECT facet_codes FROM hits
                    LIMIT CASE WHEN (SELECT c FROM n) > %(cap)s THEN %(sample)s ELSE 0 END
                ) first
            ) u GROUP BY v
        ) x JOIN kennisbank_facetvalue f ON f.id = x.v AND f.kind = 'tag'
        UNION ALL SELECT 'total', '', c FROM n
    """  # noqa: S608 - inner SQL comes from the ORM with its own parameters
    counts: dict[str, dict[str, int]] = {"theme": {}, "sector": {}, "tag": {}, "size": {}}
    total = 0
    # The ORM's positional parameters as named ones, to mix with those of this query.
    named = {f"p{i}": value for i, value in enumerate(inner_params)}
    names = iter(named)
    inner_sql = re.sub(r"%([%s])", lambda m: "%%" if m[1] == "%" else f"%({next(names)})s", inner)
    values = {"cap": COUNT_CAP, "sample": TAG_SAMPLE}
    connection.ensure_connection()
    # Pipeline mode needs libpq 14 or newer (psycopg[binary] brings its own); without it the
    # work is done first and the counts after, as before.
    overlap = psycopg.Pipeline.is_supported()
    with (
        connection.connection.pipeline() if overlap else nullcontext(),
        connection.cursor() as cursor,
    ):
        if meanwhile is not None and not overlap:
            meanwhile()
        cursor.execute(sql.replace(inner, inner_sql), {**named, **values})
        if meanwhile is not None and overlap:
            meanwhile()
        rows = cursor.fetchall()
    for kind, value, count in rows:
        if kind == "total":
            total = count
        else:
            counts[kind][value] = count
    counts["total"] = {"": total}
    return counts


def _newest_ids(qs: QuerySet, page: int) -> list[int]:
    """The ids of one page of `qs`, newest first (a top-N sort of the matches' dates)."""
    offset = (page - 1) * PAGE_SIZE
    newest = qs.order_by("-published_at", "-id").values_list("id", flat=True)
    return list(newest[offset : offset + PAGE_SIZE])


def _both(*terms: str) -> str:
    """The tsquery terms that are not empty, all of them."""
    return " & ".join(t for t in terms if t)


def _ranked_page(base: QuerySet[SearchEntry], groups: list[ParsedQuery], page: int) -> list[int]:
    """The ids of one page of matches, best first. `groups` are the matches in order of how
    well they match (every word as typed, then with the trade's related words, then most of
    the words: `_widened`); each later group holds the earlier ones, which it leaves out.

    Within a group: the items where a searched word stands in the title, then in the summary,
    tags or themes, then as the head of a compound there, then as its first part, then only in
    the body; newest first within each. Each tier is one lookup in the GIN index
    (`analysis.TIER_PREFIXES`) and a top-N sort of its dates, tier after tier until the page is
    full, so a broad word costs little more than a rare one."""
    ids: list[int] = []
    skip = (page - 1) * PAGE_SIZE
    earlier: list[str] = []
    for group in groups:
        not_earlier = f"!({' | '.join(earlier)})" if earlier else ""
        earlier.append(f"({group.lexemes})")
        higher: list[str] = []
        for tier in (*analysis.TIERS, None):
            if tier is None:  # only in the body: none of the tiers above
                terms = f"!({' | '.join(higher)})" if higher else ""
            else:
                this = analysis.tier_query(group.keys, tier, prefixes=group.prefixes)
                if not this:
                    continue
                terms = _both(f"({this})", f"!({' | '.join(higher)})" if higher else "")
                higher.append(this)
            need = skip + PAGE_SIZE - len(ids)
            rows = list(
                base.filter(search_vector=group & _both(terms, not_earlier))
                .order_by("-published_at", "-id")
                .values_list("id", flat=True)[:need]
            )
            ids += rows[skip:]
            skip = max(0, skip - len(rows))
            if len(ids) >= PAGE_SIZE:
                return ids[:PAGE_SIZE]
    return ids[:PAGE_SIZE]


def _at_least(terms: list[str], k: int) -> str:
    """'At least k of these terms' as a tsquery: any k of them, all together."""
    if k >= len(terms):
        return " & ".join(terms)
    return " | ".join("(" + " & ".join(c) + ")" for c in itertools.combinations(terms, k))


def _some(base: QuerySet[SearchEntry], query: ParsedQuery, limit: int) -> int:
    """How many items match, counted up to `limit` (one index lookup, stopped early)."""
    return len(base.filter(search_vector=query).values_list("id", flat=True)[:limit])


def _quoted(words: list[analysis.Word]) -> str:
    return "‘" + " ".join(w.raw for w in words) + "’"


def _group(
    words: list[analysis.Word], k: int, prefixes: dict[str, frozenset[str]], filters: str
) -> ParsedQuery:
    """The items with at least `k` of these words, within the filters."""
    keys = frozenset().union(*(w.keys for w in words))
    starts = frozenset().union(*(prefixes.get(w.term, frozenset()) for w in words))
    terms = _at_least([w.term for w in words], k)
    return ParsedQuery(analysis.Query(terms, keys, starts)) & filters


def _half_typed(words: list[analysis.Word] | None) -> str:
    """The last word of a search of words only, as the start of a word: PREFIX_MIN letters
    or more ('' when it cannot be one)."""
    if not words or " " in words[-1].raw:  # a phrase of the trade's words: whole words
        return ""
    start = analysis.surface(words[-1].raw)
    return start if len(start) >= PREFIX_MIN and start.isalpha() else ""


def _completions(start: str) -> frozenset[str]:
    """The keys of the items' words that start with `start` where a key does not (the key of
    `bedrijven` is `bedrijf`, of `vitaliteit` `vitaal`): a half-typed word finds those too.
    Read from the first COMPLETION_WORDS such words in order (a range of the primary key)."""
    after = start[:-1] + chr(ord(start[-1]) + 1)
    words = (
        SearchWord.objects.filter(word__gte=start, word__lt=after)
        .order_by("word")
        .values_list("word", flat=True)[:COMPLETION_WORDS]
    )
    return frozenset(
        key
        for word in words
        if word.startswith(start)
        for key in analysis.word_keys(word)
        if not key.startswith(start)
    )


def _widened(
    base: QuerySet[SearchEntry],
    query_text: str,
    exact: ParsedQuery,
    filters: str,
    *,
    as_start: bool = False,
) -> tuple[list[ParsedQuery], str]:
    """The groups of matches a search ranks (see `_ranked_page`) and what the page says of
    them. A search of words only, with fewer than FEW matches that have every word, also
    finds the items with most of the words (a minimum-should-match: at least half of the
    words that find something on their own); the page says which words found nothing.

    The last word is also the start of a word when it is no word of the language, or, with
    `as_start`, when it is one that finds nothing as a whole word (`vital`, `pakke`)."""
    words = analysis.plain_words(query_text)
    if not words:
        return [exact], ""
    # Each word with the trade's related words, and the last one, half typed, as the start
    # of a word: an item with every word as typed still ranks first.
    words = synonyms.widen(words)
    prefixes: dict[str, frozenset[str]] = {}
    last = words[-1]
    start = _half_typed(words)
    dutch = bool(start) and analysis.is_dutch_word(last.raw)
    if start and (as_start or not dutch):
        keys = _completions(start)
        also = "".join(f" | '{key}'" for key in sorted(keys - last.keys))
        words[-1] = analysis.Word(last.raw, last.keys | keys, f"({last.term}{also} | '{start}':*)")
        prefixes[words[-1].term] = frozenset({start})
    groups = [exact]
    wide = _group(words, len(words), prefixes, filters)
    if wide.lexemes != exact.lexemes:
        groups.append(wide)
    if len(words) < 2 or len(words) > RELAX_WORDS:
        return groups, ""
    if _some(base, groups[-1], FEW) >= FEW:
        return groups, ""
    single = [_group([w], 1, prefixes, filters) for w in words]
    finding = [w for w, q in zip(words, single, strict=True) if _some(base, q, 1)]
    missing = [w for w in words if w not in finding]
    if dutch and not as_start and words[-1] in missing:
        # A word of the language that finds nothing may be the start of a longer one.
        return _widened(base, query_text, exact, filters, as_start=True)
    if not finding:
        return groups, ""
    for k in range(len(finding), math.ceil(len(finding) / 2) - 1, -1):
        if k == len(words):
            continue  # every word: that is `wide`
        group = _group(finding, k, prefixes, filters)
        groups.append(group)
        if _some(base, group, FEW) >= FEW:
            break
    if missing:
        message = _("No results with %(missing)s; results with %(found)s.") % {
            "missing": ", ".join(_quoted([w]) for w in missing),
            "found": _quoted(finding),
        }
    else:
        message = _("No practical solution with all these words; first those with most of them.")
    return groups, message


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
    facets = {"theme": themes, "sector": sector_facets, "tag": tags, "size": sizes}
    for group in facets.values():
        if any(f.selected for f in group):
            for f in group:
                f.show_count = f.selected
    return facets


def _finds(qs: QuerySet[SearchEntry], text: str, filters: str) -> bool:
    """Whether `text` finds something, every word as typed or with its related words."""
    words = analysis.plain_words(text)
    if words:
        wide = synonyms.widen(words)
        parsed = analysis.Query(" & ".join(w.term for w in wide), frozenset())
    else:
        parsed = analysis.parse(text)
    if not parsed.tsquery:
        return False
    return qs.filter(search_vector=ParsedQuery(parsed) & filters).exists()


def trigram_similarity(a: str, b: str) -> float:
    """pg_trgm's similarity of two words (shared trigrams of the padded words over all)."""

    def grams(word: str) -> set[str]:
        padded = f"  {word} "
        return {padded[i : i + 3] for i in range(len(padded) - 2)}

    x, y = grams(a), grams(b)
    return len(x & y) / len(x | y) if x and y else 0.0


class Candidate(NamedTuple):
    score: float  # lower is better: the slip's cost less a bonus for a frequent word
    cost: float  # the slip's cost (`typos.typo_cost`)
    uses: int  # published items that use the word
    word: str


def _candidates(word: str) -> list[Candidate]:
    """The words `word` may be a slip for, best first: the words of the published items one
    slip away (looked up by equality) and those with most trigrams in common, and the
    trade's related words (which find the items that use another word of their group);
    never a stop word. Each scored by the cost of the slip and how many items use it."""
    plain = _plain(word)
    found = _one_slip_away(plain) if len(plain) <= EDIT_WORD_MAX else {}
    found.update(
        SearchWord.objects.filter(word__trigram_similar=plain)
        .exclude(word__in=sorted(analysis.STOPWORDS | {plain}))
        .annotate(similarity=TrigramSimilarity("word", plain))
        .order_by("-similarity", "-count")
        .values_list("word", "count")[:SUGGEST_CANDIDATES]
    )
    for term in synonyms.vocabulary():
        if (
            typos.typo_cost(plain, term) <= typos.ONE_EDIT
            or trigram_similarity(plain, term) >= TRIGRAM_THRESHOLD
        ):
            found.setdefault(term, 0)
    ranked = []
    for candidate, count in found.items():
        if candidate == plain or candidate in analysis.STOPWORDS:
            continue
        cost = typos.typo_cost(plain, candidate)
        score = cost - FREQUENCY_WEIGHT * math.log10(count + 1)
        ranked.append(Candidate(score, cost, count, candidate))
    return sorted(ranked)


def _one_slip_away(plain: str) -> dict[str, int]:
    """The words one slip from `plain` that the published items use, with how many items use
    them; also such a word in a form the items do not use (`docent`, when they say
    `docenten`), counted by the forms they do use (a form by its ending and the analysis)."""
    near = typos.one_edit_away(plain)
    forms: dict[str, set[str]] = {}
    for edited in near:
        for ending in INFLECTION_ENDINGS:
            forms.setdefault(edited + ending, set()).add(edited)
            if edited.endswith(ending) and len(edited) - len(ending) >= PREFIX_MIN:
                forms.setdefault(edited[: -len(ending)], set()).add(edited)
    found: dict[str, int] = {}
    # One array parameter, not thousands of IN parameters: a third of the time.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, count FROM kennisbank_searchword WHERE word = ANY(%s::text[])",
            [sorted(near | forms.keys())],
        )
        rows = cursor.fetchall()
    for used, count in rows:
        if used in near:
            found[used] = found.get(used, 0) + count
        for edited in forms.get(used, ()):
            if edited != used and analysis.word_keys(edited) & analysis.word_keys(used):
                found[edited] = found.get(edited, 0) + count
    return found


def _clear(best: Candidate, others: list[Candidate]) -> bool:
    """One slip away, and clearly better than every other word that finds something; a form
    of the same word (`bedrijven` beside `bedrijf`) is no rival."""
    keys = analysis.word_keys(best.word)
    rivals = [c for c in others if not analysis.word_keys(c.word) & keys]
    return best.cost <= typos.ONE_EDIT and all(c.score - best.score >= CLEAR_GAP for c in rivals)


def _suggest(query: str, qs: QuerySet[SearchEntry], filters: str) -> tuple[str, bool]:
    """(suggestion, clear): see `suggestion_for`. Clear when every replaced word had a
    candidate that finds something and is clearly the best (`_clear`)."""
    words = list(dict.fromkeys(WORD.findall(query.lower())))[:SUGGEST_WORDS]
    if not words:
        return "", False
    better = query
    changed = False
    clear = True
    for word in words:
        if _plain(word) in analysis.STOPWORDS or analysis.is_dutch_word(word):
            continue  # a word of the language is not a typo ('plan' is not 'plant')
        if _finds(qs, word, filters):
            continue
        tried = _candidates(word)[:CHECK_CANDIDATES]
        finding = [c for c in tried if _finds(qs, c.word, filters)]
        if finding:
            clear = clear and _clear(finding[0], finding[1:])
            better = re.sub(rf"\b{re.escape(word)}\b", finding[0].word, better, flags=re.IGNORECASE)
            changed = True
    if not changed or better.lower() == query.lower():
        return "", False
    # Words only: each corrected word finds something, so the search of the suggestion does
    # (the items with most of its words). Otherwise the suggestion as a whole must find.
    if analysis.plain_words(better) is None and not _finds(qs, better, filters):
        return "", False
    return better, clear


def suggestion_for(
    query: str, *, user=None, qs: QuerySet[SearchEntry] | None = None, filters: str = ""
) -> str:
    """'Bedoelde je …', for a search that found nothing: each word that is not a Dutch word
    and finds nothing on its own is replaced by the likeliest word it is a slip for
    (`_candidates`: the cheapest slip, the more frequent of two) among the published items'
    words and the trade's related words that does find something (within the same
    `filters`), never by a stop word; the whole suggestion must find something, or there is
    none."""
    qs = searchable_for(user) if qs is None else qs
    return _suggest(query, qs, filters)[0]


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
    by_slug = {s.slug: pk for pk, s in sectors.items()}
    sector_ids = [by_slug[s] for s in params.sectors if s in by_slug]
    base = _since(searchable_for(user), params)
    filters = filter_terms(params, sector_ids)
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
