"""Searching the kennisbank: the words (keys from `kennisbank.analysis`, matched by PostgreSQL
full-text search), the filters, the counts per filter value in one pass, the highlighted
snippets and the "Bedoelde je".

The page's GET parameters are checked by `kennisbank.forms.SearchForm`, which turns them into
the `SearchParams` read here."""

from kennisbank.search.counts import COUNT_CAP
from kennisbank.search.ranking import PAGE_SIZE
from kennisbank.search.results import (
    SearchParams,
    SearchResult,
    filter_terms,
    quarter_start,
    search,
)
from kennisbank.search.suggestions import suggestion_for, trigram_similarity
from kennisbank.search.tsquery import ParsedQuery, words_of

__all__ = [
    "COUNT_CAP",
    "PAGE_SIZE",
    "ParsedQuery",
    "SearchParams",
    "SearchResult",
    "filter_terms",
    "quarter_start",
    "search",
    "suggestion_for",
    "trigram_similarity",
    "words_of",
]
