"""Dutch text analysis for the kennisbank search, in Python, the same for an item's text when it
is written and for a search when it is typed (docs/search.md says why and what was measured).

A word becomes one or more *keys* (the lexemes stored in PostgreSQL, under the `simple`
configuration, which leaves them as they are):

- its Snowball 3 `dutch` stem (Kraaij-Pohlmann: `bedrijven` → `bedrijf`, `huizen` → `huis`,
  `stages` → `stage`), and the stem of its `simplemma` lemma where the dictionary knows the
  word (`sectoren` → `sector`, `coaches` → `coach`, `vakmensen` and `vakman` → `vakmens`):
  two forms of a word meet when any of their keys do;
- a noun in -ing keeps its -ing (`planning` is not `plan`, `scholing` is not `school`);
- `'s` plurals lose the `'s` (`auto's` → `auto`), hyphens join (`re-integratie` is
  `reintegratie`), accents go (`coöperatie` is `cooperatie`);
- Snowball's Dutch stop words (the list PostgreSQL's `dutch` configuration uses) get no key.

A compound also gets the keys of its parts, split against a vocabulary (the 120,000 most
frequent Dutch words of `wordfreq`, parts of at least three letters, a linking `s` allowed),
at the same position as the whole word: its last part (the head: `ziekte|verzuim`) ranks
above its first parts (`stage|plekken`), and a word's own form ranks above both. A
hyphenated word is split at its hyphens; an elided first part (`bedrijfs- en onderwijsleven`)
counts as the first part of a compound.

The work for every word is bounded, whatever someone types: a word longer than WORD_MAX
letters is one key (its start and a hash: PostgreSQL refuses a lexeme over 2,047 bytes), a
word longer than SPLIT_MAX letters is not split, and splitting one word takes at most
SPLIT_STEPS look-ups. A search reads which words match from the stored vector and analyses
only the words it marks (`Budget`), never a stored text as a whole.
"""

from kennisbank.analysis.compounds import SPLIT_MAX, SPLIT_STEPS, Piece, Token, split, tokens
from kennisbank.analysis.marking import (
    Budget,
    field_positions,
    highlight,
    hits_from,
    marked_spans,
    snippet,
)
from kennisbank.analysis.queries import Query, Word, parse, plain_words, surface
from kennisbank.analysis.vectors import TIER_PREFIXES, TIERS, item_vector, tier_query
from kennisbank.analysis.words import STOPWORDS, is_dutch_word, plain, vocabulary, word_keys

__all__ = [
    "SPLIT_MAX",
    "SPLIT_STEPS",
    "STOPWORDS",
    "TIERS",
    "TIER_PREFIXES",
    "Budget",
    "Piece",
    "Query",
    "Token",
    "Word",
    "field_positions",
    "highlight",
    "hits_from",
    "is_dutch_word",
    "item_vector",
    "marked_spans",
    "parse",
    "plain",
    "plain_words",
    "snippet",
    "split",
    "surface",
    "tier_query",
    "tokens",
    "vocabulary",
    "word_keys",
]
