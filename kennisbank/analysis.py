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

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

OWN, HEAD, START = "own", "head", "start"
VOCABULARY_SIZE = 120_000
PART_MIN = 3  # letters in a part of a compound
PART_RANK = 50_000  # a part of a compound is a frequent word
MAX_DEPTH = 2  # a compound of at most four parts
COMPOUND_SIDE_COST = 1.0  # a side that is a compound itself costs a little more
SHORT_PART_RANK = 3_000  # a part of three letters only when this common (dag, uur, man)
POSITION_MAX = 16_383  # PostgreSQL's limit for a word position
POSITIONS_PER_KEY = 256  # and for the positions of one lexeme
# Bounded work for every word, whatever someone types (a word glued from common words cost
# seconds in the splitter, and one over 2,047 bytes was refused by PostgreSQL):
SPLIT_MAX = 40  # letters: a longer word is not split ('arbeidsongeschiktheidsverzekering' is 33)
SPLIT_STEPS = 10_000  # look-ups to split one word, at most (the longest real ones take 4,200)
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


# --- Storing: the tsvector of an item ---------------------------------------------------------

WEIGHTS = {HEAD: "C", START: "D"}  # a part of a compound, wherever it is
ROLE_ORDER = (OWN, HEAD, START)


@lru_cache(maxsize=100_000)
def _keys_by_role(raw: str) -> tuple[tuple[str, str], ...]:
    """Each key of one token once, with its strongest role (own, then head, then start)."""
    best: dict[str, str] = {}
    for _start, _end, role, keys in _analyse_word(raw):
        for key in keys:
            if ROLE_ORDER.index(role) < ROLE_ORDER.index(best.get(key, START)) or key not in best:
                best[key] = role
    return tuple(best.items())


def _collect(found: dict[str, dict[int, str]], text: str, own_weight: str, position: int) -> int:
    """Add the keys of `text` from `position` on; returns the next free position."""
    for match in TOKEN.finditer(text):
        position = min(position, POSITION_MAX)
        for key, role in _keys_by_role(match.group()):
            weight = own_weight if role == OWN else WEIGHTS[role]
            at = found.get(key)
            if at is None:
                found[key] = {position: weight}
            elif position not in at:
                if len(at) < POSITIONS_PER_KEY:
                    at[position] = weight
            elif weight < at[position]:  # "A" < "B" < "C" < "D": the stronger weight stays
                at[position] = weight
        position += 1
    return position + 1  # a gap between fields: a phrase never spans two


def _literal(found: dict[str, dict[int, str]]) -> str:
    parts = []
    for key in sorted(found):
        places = ",".join(f"{p}{'' if w == 'D' else w}" for p, w in sorted(found[key].items()))
        parts.append(f"'{key}':{places}")
    return " ".join(parts)


# The rank of an item for a search is the best place one of the searched words has in it. A
# key in the head fields also goes into the vector with a prefix for that place, so a search
# finds the items of one tier from the GIN index alone, without reading any item's vector.
TIER_PREFIXES = {"A": "^", "B": "+", "C": "~", "D": "<"}  # title, summary/tags/themes, parts
TIERS = ("A", "B", "C", "D")  # best first; an item with none of these matches in its body only


def item_vector(*, title: str, summary: str, tags: list[str], themes: list[str], body: str) -> str:
    """The item's search vector as a tsvector literal: every key of title (A), summary, tags and
    themes (B) and body (C; a head part of a compound C, a first part D) at its positions, and
    each key of the head fields once more with the prefix of its best place there
    (`TIER_PREFIXES`). The database adds the filter values (migration 0007)."""
    head: dict[str, dict[int, str]] = {}
    position = _collect(head, title or "", "A", 1)
    position = _collect(head, " ".join([summary or "", *tags, *themes]), "B", position)
    full = {key: dict(places) for key, places in head.items()}
    _collect(full, body or "", "C", position)
    tiers = " ".join(
        f"'{TIER_PREFIXES[min(places.values())]}{key}'" for key, places in sorted(head.items())
    )
    return " ".join(part for part in (_literal(full), tiers) if part)


def tier_query(keys: frozenset[str], tier: str, *, prefixes: frozenset[str] = frozenset()) -> str:
    """The tsquery of 'one of these keys (or a key starting with one of `prefixes`) has this
    place in the item's head fields'."""
    exact = [f"'{TIER_PREFIXES[tier]}{key}'" for key in sorted(keys)]
    return " | ".join(exact + [f"'{TIER_PREFIXES[tier]}{p}':*" for p in sorted(prefixes)])


# --- Searching: the tsquery of what someone typed ---------------------------------------------

QUOTED = re.compile(r'"([^"]*)"?')
OPERATOR_WORDS = {"or"}  # as websearch_to_tsquery reads it


@dataclass
class Query:
    """A parsed search: `tsquery` for PostgreSQL ('' when nothing is left to search for) and
    `keys`, every key a match can have, for highlighting."""

    tsquery: str
    keys: frozenset[str]
    prefixes: frozenset[str] = frozenset()  # a half-typed word: the keys starting with these


def _word_group(token: Token) -> tuple[str, frozenset[str]]:
    """One typed word: any of its keys, or the word as typed (plain), which is what an item
    written straight into the database by SQL holds until it is indexed again."""
    keys = set(token.own)
    if not keys:
        return "", frozenset()
    alternatives = sorted(keys)
    return "(" + " | ".join(f"'{k}'" for k in alternatives) + ")", frozenset(keys)


def _surface(text: str) -> str:
    simple = plain(APOSTROPHE_S.sub("", text))
    return "".join(c for c in simple if c.isalnum())


def surface(text: str) -> str:
    """A typed word as letters and digits only, lower case, without accents."""
    return _surface(text)


def _term(raw_token: str, token: Token) -> tuple[str, frozenset[str]]:
    group, keys = _word_group(token)
    if not group:
        return "", keys
    surface = _surface(raw_token)
    if surface and surface not in keys and len(surface) <= WORD_MAX:
        group = group[:-1] + f" | '{surface}')"
    return group, keys


def parse(text: str) -> Query:
    """What someone typed, as websearch_to_tsquery reads it: words that must all match, a
    "quoted phrase" whose words stand next to each other, `or` between alternatives and a
    leading minus for a word that must not be there. Other punctuation is just text."""
    clauses: list[list[str]] = [[]]  # OR of ANDs
    keys: set[str] = set()
    at = 0
    text = text or ""
    for quoted in [*QUOTED.finditer(text), None]:
        chunk = text[at : quoted.start() if quoted else len(text)]
        for match in TOKEN.finditer(chunk):
            raw = match.group()
            before = chunk[max(0, match.start() - 1) : match.start()]
            if plain(raw) in OPERATOR_WORDS and clauses[-1]:
                clauses.append([])
                continue
            token = next(tokens(raw))
            term, found = _term(raw, token)
            if not term:
                continue
            if before == "-":
                clauses[-1].append(f"!{term}")
            else:
                clauses[-1].append(term)
                keys |= found
        if quoted is None:
            break
        phrase: list[str] = []
        gap = 1
        for match in TOKEN.finditer(quoted.group(1)):
            token = next(tokens(match.group()))
            term, found = _term(match.group(), token)
            if not term:
                gap += 1
                continue
            if phrase:
                phrase.append(f"<{gap}>" if gap > 1 else "<->")
            phrase.append(term)
            keys |= found
            gap = 1
        if phrase:
            clauses[-1].append("(" + " ".join(phrase) + ")")
        at = quoted.end()
    ors = []
    for clause in clauses:
        positive = [t for t in clause if not t.startswith("!")]
        if positive:  # a clause of only negations would match nearly everything
            ors.append(" & ".join(clause))
    tsquery = " | ".join(f"({c})" if len(ors) > 1 else c for c in ors)
    return Query(tsquery=tsquery, keys=frozenset(keys))


@dataclass(frozen=True)
class Word:
    """One typed word of a search without operators: as typed, its keys and its tsquery group
    (any of its keys, or the word as typed)."""

    raw: str
    keys: frozenset[str]
    term: str


def plain_words(text: str) -> list[Word] | None:
    """The words of a search that is only words (no "quoted phrase", `or` or `-word`), each
    once, in order; None when it uses an operator, whose meaning is then kept as typed."""
    text = text or ""
    if '"' in text:
        return None
    words: list[Word] = []
    seen: set[str] = set()
    for match in TOKEN.finditer(text):
        raw = match.group()
        if text[max(0, match.start() - 1) : match.start()] == "-" or plain(raw) in OPERATOR_WORDS:
            return None
        term, keys = _term(raw, next(tokens(raw)))
        if term and term not in seen:
            seen.add(term)
            words.append(Word(raw=raw, keys=keys, term=term))
    return words


# --- Highlighting ------------------------------------------------------------------------------


@lru_cache(maxsize=100_000)
def _token_keys(raw: str) -> frozenset[str]:
    """Every key any piece of one token has (cached: a page's words repeat)."""
    return frozenset(k for _s, _e, _role, keys in _analyse_word(raw) for k in keys)


def _token_spans(match: re.Match, keys: frozenset[str]) -> list[tuple[int, int]]:
    """Where in one token (a TOKEN match) a search with these keys matches: the whole word,
    or the smallest matching parts of a compound ("ziekte[verzuim]beleid", not the larger
    "ziekteverzuim" when the search was for "verzuim")."""
    if not _token_keys(match.group()) & keys:
        return []  # most words: nothing to mark, and no pieces to build
    token = next(tokens(match.group()))
    at = match.start()
    if token.own & keys:
        return [(at + token.start, at + token.end)]
    spans: list[tuple[int, int]] = []
    parts = [(at + p.start, at + p.end) for p in token.pieces if p.role != OWN and p.keys & keys]
    for s, e in sorted(parts, key=lambda p: p[1] - p[0]):
        if not any(s < e2 and s2 < e for s2, e2 in spans):
            spans.append((s, e))
    return sorted(spans)


class Budget:
    """How many words a page of results may still analyse to mark the matching part of a
    compound; past it a matching word is marked whole. Which words match is read from the
    stored vectors, so a page never analyses a stored text again: only the words it marks,
    and no more of those than this."""

    def __init__(self, words: int) -> None:
        self.left = words

    def spend(self) -> bool:
        if self.left <= 0:
            return False
        self.left -= 1
        return True


def field_positions(
    *, title: str, summary: str, tags: list[str], themes: list[str]
) -> tuple[int, int, int]:
    """The vector position of the first word of the title, of the summary (tags and themes
    follow it) and of the body, as `item_vector` counts them: a word a position, a gap
    between fields."""
    title_at = 1
    summary_at = title_at + sum(1 for _m in TOKEN.finditer(title or "")) + 1
    joined = " ".join([summary or "", *tags, *themes])
    body_at = summary_at + sum(1 for _m in TOKEN.finditer(joined)) + 1
    return title_at, summary_at, body_at


def hits_from(positions: list[int] | None, first: int) -> set[int] | None:
    """The indexes of the words of a field (which starts at position `first`) that the stored
    vector says match; None when there are no stored positions to go by. The last position is
    shared by every word past it, so it says nothing."""
    if positions is None:
        return None
    return {p - first for p in positions if first <= p < POSITION_MAX}


def _hit_spans(
    match: re.Match, keys: frozenset[str], budget: Budget | None
) -> list[tuple[int, int]]:
    """Where to mark a word the stored vector says matches: the matching parts when the
    budget allows the analysis, else the whole word."""
    if budget is None or budget.spend():
        return _token_spans(match, keys)
    return [(match.start(), match.end())]


def marked_spans(
    text: str,
    keys: frozenset[str],
    *,
    hits: set[int] | None = None,
    budget: Budget | None = None,
) -> list[tuple[int, int]]:
    """Where in `text` a search with these keys matches: a whole word, or only the matching
    part of a compound (`ziekte[verzuim]`). With `hits` (the indexes of the matching words,
    from the stored vector) only those words are looked at."""
    if not keys:
        return []
    spans = []
    for index, match in enumerate(TOKEN.finditer(text or "")):
        if hits is None:
            spans += _token_spans(match, keys)
        elif index in hits:
            spans += _hit_spans(match, keys, budget)
    return spans


def highlight(
    text: str,
    keys: frozenset[str],
    start: str,
    stop: str,
    *,
    hits: set[int] | None = None,
    budget: Budget | None = None,
) -> str:
    out, at = [], 0
    for s, e in marked_spans(text, keys, hits=hits, budget=budget):
        out += [text[at:s], start, text[s:e], stop]
        at = e
    out.append(text[at:])
    return "".join(out)


def snippet(
    text: str,
    keys: frozenset[str],
    start: str,
    stop: str,
    *,
    words: int = 30,
    fragments: int = 2,
    hits: set[int] | None = None,
    budget: Budget | None = None,
) -> str:
    """Up to `fragments` stretches of about `words` words around the matches, highlighted,
    joined by ' ... ' (as ts_headline does); the opening words when nothing matches.

    With `hits` (the indexes of the matching words, from the stored vector) the text is only
    cut into words (a regular expression), and only the matching words shown are analysed:
    a search costs the same on any stored body. Without, every word is analysed."""
    found = list(TOKEN.finditer(text or ""))
    if not found:
        return ""
    if hits is None:
        hit_list = [
            index
            for index, match in enumerate(found)
            if keys and _token_keys(match.group()) & keys  # the quick test first: most words
        ]
    else:
        hit_list = sorted(index for index in hits if index < len(found)) if keys else []
    windows: list[tuple[int, int]] = []
    for hit in hit_list:
        if len(windows) == fragments:
            break
        if windows and hit < windows[-1][1]:
            continue
        first = max(0, hit - words // 3)
        windows.append((first, min(len(found), first + words)))
    if not windows:
        windows = [(0, min(len(found), words))]
    shown = [h for h in hit_list if any(first <= h < last for first, last in windows)]
    spans: list[tuple[int, int]] = []
    for index in shown:
        if hits is None:
            spans += _token_spans(found[index], keys)
        else:
            spans += _hit_spans(found[index], keys, budget)
    pieces = []
    for first, last in windows:
        begin, end = found[first].start(), found[last - 1].end()
        local = [(s - begin, e - begin) for s, e in spans if begin <= s and e <= end]
        part = text[begin:end]
        out, at = [], 0
        for s, e in local:
            out += [part[at:s], start, part[s:e], stop]
            at = e
        out.append(part[at:])
        pieces.append(" ".join("".join(out).split()))
    return " ... ".join(pieces)
