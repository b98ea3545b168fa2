"""Compounds: splitting a word into its parts (bounded work per word), and the tokens of a
text with the keys of each word and of its parts."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from kennisbank.analysis.words import (
    APOSTROPHE_S,
    HEAD,
    OWN,
    PART_MIN,
    START,
    TOKEN,
    _lemma,
    _norm,
    plain,
    vocabulary,
    word_keys,
)

PART_RANK = 50_000  # a part of a compound is a frequent word
MAX_DEPTH = 2  # a compound of at most four parts
COMPOUND_SIDE_COST = 1.0  # a side that is a compound itself costs a little more
SHORT_PART_RANK = 3_000  # a part of three letters only when this common (dag, uur, man)
# Bounded work for every word, whatever someone types (a word glued from common words cost
# seconds in the splitter, and one over 2,047 bytes was refused by PostgreSQL):
SPLIT_MAX = 40  # letters: a longer word is not split ('arbeidsongeschiktheidsverzekering' is 33)
SPLIT_STEPS = 10_000  # look-ups to split one word, at most (the longest real ones take 4,200)


def _first_parts(left: str) -> list[tuple[str, str]]:
    """(first part, the word it stands for): itself, without a linking s (personeel|s|tekort),
    or a verb's stem (aanbreng|premie: aanbrengen)."""
    options = [(left, left)]
    if left.endswith("s") and len(left) > PART_MIN:
        options.append((left[:-1], left[:-1]))
    options.append((left, left + "en"))
    return options


INFLECTION_ENDINGS = frozenset({"en", "s", "e", "es", "ken", "je", "jes", "tje", "tjes", "n"})
# Suffixes that are words too: 'ondernemer|schap' is a derivation, not a compound.
SUFFIX_WORDS = frozenset({"schap", "schappen", "baar", "dom", "lijk", "loos", "heid", "achtig"})


def _rank(word: str) -> int | None:
    return vocabulary().get(word)


def _part_ok(part: str) -> bool:
    """A part must be one of the 50,000 most frequent words ('sectorale' is not 'sect' +
    'orale'), one of three letters one of the 3,000 most frequent ('dag', 'uur', not 'voe')."""
    rank = _rank(part)
    if rank is None or rank > PART_RANK:
        return False
    return len(part) > PART_MIN or rank <= SHORT_PART_RANK


class _TooMuchWork(Exception):
    """The splitter's budget for one word is spent."""


class _Splitter:
    """The search for the best cuts of one word, with a memo of its own and a hard cap on the
    look-ups it may do (`SPLIT_STEPS`): the work for a word is bounded whatever its letters,
    and the same word is split the same way in every process (the budget does not depend on
    what another word left in a cache)."""

    def __init__(self) -> None:
        self.steps = 0
        self.memo: dict[tuple[str, int], tuple[float, int, int] | None] = {}

    def _step(self) -> None:
        self.steps += 1
        if self.steps > SPLIT_STEPS:
            raise _TooMuchWork

    def part_ok(self, part: str) -> bool:
        self._step()
        return _part_ok(part)

    def side_cost(self, side: str, depth: int) -> float | None:
        """How rare one side of a cut is (log of its frequency rank); a side that is not a
        frequent word may be a compound itself (focusgroep|sessies), at a little extra cost."""
        if self.part_ok(side):
            return math.log(_rank(side) or 1)
        if depth >= MAX_DEPTH:
            return None
        inner = self.best_cut(side, depth + 1)
        return None if inner is None else inner[0] + COMPOUND_SIDE_COST

    def best_cut(self, word: str, depth: int = 0) -> tuple[float, int, int] | None:
        """(cost, end of the first part, start of the head) of the best way to cut `word` in
        two, or None. The cost is the mean of the parts' log ranks: the geometric mean of
        their frequencies, as Koehn and Knight (2003) choose."""
        if (word, depth) in self.memo:
            return self.memo[word, depth]
        if len(word) < 2 * PART_MIN or not word.isalpha():
            return None
        own: set[str] | None = None  # the word's own stem and lemma, once a head is found
        best: tuple[float, int, int] | None = None
        for cut in range(PART_MIN, len(word) - PART_MIN + 1):
            head = word[cut:]
            if head in INFLECTION_ENDINGS or head in SUFFIX_WORDS:
                continue
            head_cost = self.side_cost(head, depth)
            if head_cost is None:
                continue
            if own is None:
                self._step()
                own = {_norm(word), plain(_lemma(word))}
            for first, known in _first_parts(word[:cut]):
                if first in own:
                    continue
                first_cost = self.side_cost(known, depth) if known == first else None
                if known != first and self.part_ok(known):
                    first_cost = math.log(_rank(known) or 1)
                if first_cost is None:
                    continue
                cost = (first_cost + head_cost) / 2
                if best is None or cost < best[0]:
                    best = (cost, len(first), cut)
        self.memo[word, depth] = best
        return best

    def cut(self, word: str) -> tuple[int, int] | None:
        """(end of the first part, start of the head) when `word` is a compound we can
        split."""
        best = self.best_cut(word)
        whole_rank = _rank(word)
        if best is None or (whole_rank is not None and math.log(whole_rank) <= best[0]):
            return None  # the whole word is more frequent than its parts together
        return best[1], best[2]

    def leaves(self, word: str) -> list[tuple[int, int]]:
        """The smallest parts of a word, in order (the word itself when it is no compound)."""
        cut = self.cut(word)
        if cut is None:
            return [(0, len(word))]
        first_end, head_start = cut
        head = [(head_start + s, head_start + e) for s, e in self.leaves(word[head_start:])]
        return self.leaves(word[:first_end]) + head


@lru_cache(maxsize=200_000)
def split(word: str) -> tuple[tuple[int, int, str], ...]:
    """The parts of a compound (plain, letters only) as (start, end, role), role HEAD for a
    part that ends the word and START for the others; () when it is not a compound we can
    split.

    Of all ways to cut it in two (each side a known word or a compound of known words, the
    first part perhaps with a linking s or a verb's stem), the one whose parts are most
    frequent together wins, unless the whole word is more frequent still; both sides are
    then cut again. A cut that leaves the word's own stem or lemma in front of an ending
    ('plek|ken') is no cut. Every run of the smallest parts counts, so both "arbeidsmarkt"
    and "marktproblematiek" are found in "arbeidsmarktproblematiek".

    The work is bounded: a word longer than SPLIT_MAX letters is not split (no Dutch
    compound in use is that long), and a word whose search takes more than SPLIT_STEPS
    look-ups is left whole."""
    if len(word) < 2 * PART_MIN or len(word) > SPLIT_MAX or not word.isalpha():
        return ()
    splitter = _Splitter()
    try:
        if splitter.cut(word) is None:
            return ()
        leaves = splitter.leaves(word)
    except _TooMuchWork:
        return ()
    runs = []
    for i in range(len(leaves)):
        for j in range(i, len(leaves)):
            start, end = leaves[i][0], leaves[j][1]
            if (start, end) != (0, len(word)):
                runs.append((start, end, HEAD if end == len(word) else START))
    return tuple(runs)


@dataclass(frozen=True)
class Piece:
    """A part of a word in the text: where it is and what it is."""

    start: int  # in the text
    end: int
    role: str  # OWN, HEAD or START
    keys: frozenset[str]


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    pieces: tuple[Piece, ...]

    @property
    def own(self) -> frozenset[str]:
        return frozenset(k for p in self.pieces if p.role == OWN for k in p.keys)

    @property
    def all_keys(self) -> frozenset[str]:
        return frozenset(k for p in self.pieces for k in p.keys)


def _compound_pieces(word: str, offset: int, last: bool) -> list[Piece]:
    """The parts of one word (or one piece of a hyphenated word) at `offset` in the text."""
    pieces = []
    for s, e, role in split(plain(word)):
        keys = word_keys(word[s:e])
        if keys:
            pieces.append(Piece(offset + s, offset + e, role if last else START, keys))
    return pieces


@lru_cache(maxsize=100_000)
def _analyse_word(raw: str) -> tuple[tuple[int, int, str, frozenset[str]], ...]:
    """The pieces of one token, relative to its start (cached: words repeat)."""
    word = raw.lower()
    if word.endswith("-"):  # elided: "bedrijfs- en onderwijsleven"
        stem = word.rstrip("-")
        first = stem[:-1] if stem.endswith("s") and plain(stem[:-1]) in vocabulary() else stem
        keys = word_keys(first.replace("-", ""))
        return ((0, len(stem), START, keys),) if keys else ()
    word = APOSTROPHE_S.sub("", word).replace("'", "").replace("’", "")
    pieces: list[Piece] = []
    chunks = word.split("-")
    joined = "".join(chunks)
    own = word_keys(joined)
    if own:
        pieces.append(Piece(0, len(word), OWN, own))
    if len(chunks) > 1:
        at = 0
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            keys = word_keys(chunk.replace("'", "").replace("’", ""))
            if keys:
                pieces.append(Piece(at, at + len(chunk), HEAD if last else START, keys))
            pieces += _compound_pieces(chunk, at, last)
            at += len(chunk) + 1
    else:
        pieces += _compound_pieces(word, 0, True)
    return tuple((p.start, p.end, p.role, p.keys) for p in pieces)


def tokens(text: str) -> Iterator[Token]:
    """Every word of `text` with its pieces; a stop word is a token without pieces (it still
    takes a position, so a quoted phrase keeps its distances)."""
    for match in TOKEN.finditer(text or ""):
        at = match.start()
        pieces = tuple(
            Piece(at + s, at + e, role, keys) for s, e, role, keys in _analyse_word(match.group())
        )
        yield Token(match.start(), match.end(), pieces)
