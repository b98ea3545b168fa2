"""'Bedoelde je …': a better word for a word of a search that finds nothing."""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import QuerySet

from kennisbank import analysis, synonyms, typos
from kennisbank.models import SearchEntry, SearchWord
from kennisbank.search.ranking import PREFIX_MIN
from kennisbank.search.tsquery import WORD, ParsedQuery, _plain
from kennisbank.selectors import searchable_for

SUGGEST_WORDS = 6  # the words of a search checked for a suggestion
SUGGEST_CANDIDATES = 3  # words with most trigrams in common looked up for each
CHECK_CANDIDATES = 5  # the best candidates tried for whether they find something
EDIT_WORD_MAX = 25  # letters: a longer word gets candidates by trigrams only
INFLECTION_ENDINGS = ("en", "s")  # a plural the items may use instead of the word
TRIGRAM_THRESHOLD = 0.3  # pg_trgm's default for `%`: a candidate for a suggestion
# A candidate's score is the cost of the slip (`typos.typo_cost`, about 1 an edit) less this
# for each tenfold of the items that use it: of two words one slip away, the kennisbank's
# common word wins. A correction is shown without asking when it is one slip away and this
# much better than any other word (not a form of it) that finds something.
FREQUENCY_WEIGHT = 0.25
CLEAR_GAP = 0.15


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
