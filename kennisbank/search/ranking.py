"""The order of the results: rank tiers (title, head fields, compound parts, body), newest
first within each, and the groups a search widens to (related words, most of the words)."""

from __future__ import annotations

import math

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kennisbank import analysis, synonyms
from kennisbank.models import SearchEntry, SearchWord
from kennisbank.search.tsquery import ParsedQuery, _at_least, _both

PAGE_SIZE = 20
FEW = 5  # fewer matches with every word: those with most of the words follow
RELAX_WORDS = 6  # words of a search that may be partly left out (the combinations grow fast)
PREFIX_MIN = 4  # letters of a half-typed last word before it is searched as a word's start
COMPLETION_WORDS = 100  # the items' words starting with a half-typed word whose keys it adds


def _newest_ids(qs: QuerySet, page: int) -> list[int]:
    """The ids of one page of `qs`, newest first (a top-N sort of the matches' dates)."""
    offset = (page - 1) * PAGE_SIZE
    newest = qs.order_by("-published_at", "-id").values_list("id", flat=True)
    return list(newest[offset : offset + PAGE_SIZE])


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
    with_all = _some(base, groups[-1], FEW)
    if with_all >= FEW:
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
    elif with_all:
        message = _("First those with all these words, then those with most of them.")
    else:
        message = _("No practical solution with all these words; first those with most of them.")
    return groups, message
