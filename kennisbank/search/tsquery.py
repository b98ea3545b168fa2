"""The words of a search as PostgreSQL reads them: the query checked, parsed in Python and
passed as a tsquery literal (`ParsedQuery`), and the pieces a search's tsqueries are built of."""

from __future__ import annotations

import itertools
import re
import unicodedata

from django.contrib.postgres.search import SearchQuery
from django.utils.translation import gettext as _

from kennisbank import analysis

QUERY_MAX = 200
WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


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


def _both(*terms: str) -> str:
    """The tsquery terms that are not empty, all of them."""
    return " & ".join(t for t in terms if t)


def _at_least(terms: list[str], k: int) -> str:
    """'At least k of these terms' as a tsquery: any k of them, all together."""
    if k >= len(terms):
        return " & ".join(terms)
    return " | ".join("(" + " & ".join(c) + ")" for c in itertools.combinations(terms, k))
