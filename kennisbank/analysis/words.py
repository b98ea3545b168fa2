"""Words: plain text, the Dutch stem and lemma of a word, its keys, the stop words and the
frequency list (`data/`) the compound splitter and the 'is it Dutch' test read."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache, lru_cache

OWN, HEAD, START = "own", "head", "start"
VOCABULARY_SIZE = 120_000
PART_MIN = 3  # letters in a part of a compound
POSITION_MAX = 16_383  # PostgreSQL's limit for a word position
POSITIONS_PER_KEY = 256  # and for the positions of one lexeme
WORD_MAX = 60  # letters: a longer word is one key, its start and a hash (see `word_keys`)
KEY_START = 40  # letters of such a word kept in its key
# Snowball's Dutch stop words: the list PostgreSQL's `dutch` configuration uses.
STOPWORDS = frozenset(
    """de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om
    hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar
    naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden toch al
    waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd
    altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest
    andere""".split()  # noqa: SIM905
)
# A word, with the hyphens and apostrophes inside it, and an elision hyphen at its end.
TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*-?")
APOSTROPHE_S = re.compile(r"['’]s$")


def plain(text: str) -> str:
    """Lower case without accents, one character for one (so positions in the text stay)."""
    out = []
    for char in text.lower():
        if char.isascii():
            out.append(char)
        else:
            base = unicodedata.normalize("NFKD", char)
            out.append(base[0] if base and base[0].isascii() else char)
    return "".join(out)


@cache
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("dutch")


@cache
def vocabulary() -> dict[str, int]:
    """Frequent Dutch words (plain form) → their frequency rank, for splitting compounds."""
    import wordfreq

    ranks: dict[str, int] = {}
    for rank, word in enumerate(wordfreq.top_n_list("nl", VOCABULARY_SIZE), 1):
        word = plain(word)
        if len(word) >= PART_MIN and word.isalpha() and word not in STOPWORDS:
            ranks.setdefault(word, rank)
    return ranks


def is_dutch_word(word: str) -> bool:
    """A frequent Dutch word, or a form of one (for 'did you mean': not a typo)."""
    simple = plain(word)
    return simple in vocabulary() or plain(_lemma(word.lower())) in vocabulary()


@lru_cache(maxsize=200_000)
def _lemma(word: str) -> str:
    import simplemma

    return simplemma.lemmatize(word, lang="nl")


@lru_cache(maxsize=200_000)
def _norm(word: str) -> str:
    """One key of a plain word: its stem, or the word itself for -ing nouns and numbers."""
    if not word.isalpha():
        return word
    if word.endswith("ingen") and len(word) > 7:
        return word[:-2]
    if word.endswith("ings") and len(word) > 6:
        return word[:-1]
    if word.endswith("ing") and len(word) > 5:
        return word
    return _stemmer().stemWord(word)


@lru_cache(maxsize=200_000)
def word_keys(word: str) -> frozenset[str]:
    """The keys of one word (already lower case, accents allowed; no hyphen)."""
    # Letters and digits only: a key is written between quotes in a tsvector and a tsquery.
    simple = "".join(c for c in plain(word) if c.isalnum())
    if simple in STOPWORDS or not simple:
        return frozenset()
    if len(simple) < 2 and not simple.isdigit():
        return frozenset()
    if len(simple) > WORD_MAX:
        return frozenset({long_key(simple)})
    keys = {_norm(simple)}
    if simple.isalpha():
        lemma = plain(_lemma(word))
        if lemma != simple and lemma.isalpha() and lemma not in STOPWORDS:
            keys.add(_norm(lemma))
    return frozenset(keys)


def long_key(simple: str) -> str:
    """The one key of a word longer than WORD_MAX letters: its first KEY_START letters and a
    hash of the whole, so it stays far below PostgreSQL's limit for a lexeme (2,047 bytes),
    costs no stemming, lemma or splitting, and the same word typed in a search still finds it."""
    digest = hashlib.blake2b(simple.encode(), digest_size=8).hexdigest()
    return f"{simple[:KEY_START]}{digest}"
