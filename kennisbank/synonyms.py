"""The trade's own words for a search: groups of words that mean (nearly) the same to an
ondernemer (`personeel`, `medewerkers`, `vakmensen`; `bbl`, `beroepsbegeleidende leerweg`).
The groups are the file `kennisbank/data/synonyms_nl.txt` and the rows a coordinator adds in
the admin (`SynonymGroup`). They widen a search, never an item's stored vector: a change counts
at once, without reindexing, and an item with the word itself ranks above one with a related
word (`kennisbank.search.ranking._widened`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from kennisbank import analysis

FILE = Path(__file__).parent / "data" / "synonyms_nl.txt"


def parse_groups(text: str) -> list[tuple[str, ...]]:
    """The groups of a text: one a line, words or phrases separated by commas; `#` starts a
    comment. A group needs two words that are not the same."""
    groups = []
    for line in (text or "").splitlines():
        line = line.split("#", 1)[0]
        terms = tuple(dict.fromkeys(" ".join(t.lower().split()) for t in line.split(",")))
        terms = tuple(t for t in terms if t)
        if len(terms) >= 2:
            groups.append(terms)
    return groups


@cache
def file_groups() -> tuple[tuple[str, ...], ...]:
    return tuple(parse_groups(FILE.read_text(encoding="utf-8")))


_LOADED: ContextVar[dict[str, list[tuple[str, ...]]] | None] = ContextVar(
    "synonym_groups", default=None
)


@contextmanager
def loaded() -> Iterator[None]:
    """The groups read at most once for what runs inside (one search, its suggestion
    included), and only when a search needs them."""
    token = _LOADED.set({})
    try:
        yield
    finally:
        _LOADED.reset(token)


def groups() -> list[tuple[str, ...]]:
    """The file's groups and the admin's."""
    memo = _LOADED.get()
    if memo is None:
        return _all_groups()
    if "groups" not in memo:
        memo["groups"] = _all_groups()
    return memo["groups"]


def _all_groups() -> list[tuple[str, ...]]:
    return [*file_groups(), *_admin_groups()]


def _admin_groups() -> list[tuple[str, ...]]:
    from kennisbank.models import SynonymGroup

    groups: list[tuple[str, ...]] = []
    for words in SynonymGroup.objects.values_list("words", flat=True):
        groups += parse_groups(words.replace("\n", ","))
    return groups


@cache
def _term_of(term: str) -> tuple[str, frozenset[str], frozenset[str], frozenset[str]]:
    """(tsquery, keys, own keys, keys of its parts too) of one word or phrase of a group: a
    phrase is its words next to each other; the own keys of a single word are what a typed word
    is matched on."""
    words = analysis.plain_words(term) or []
    if not words:
        return "", frozenset(), frozenset(), frozenset()
    keys = frozenset().union(*(w.keys for w in words))
    parts = frozenset().union(*(t.all_keys for t in analysis.tokens(term)))
    if len(words) == 1:
        return words[0].term, keys, keys, parts
    # All of its words, not side by side: a phrase (`<->`) makes PostgreSQL read the vector of
    # every item with both words (125 ms for `oudere werknemers` at 100,000 items); the GIN
    # index answers an AND alone.
    return "(" + " & ".join(w.term for w in words) + ")", keys, frozenset(), parts


@cache
def _phrase_keys(term: str) -> tuple[frozenset[str], ...]:
    """The own keys of each word of a phrase of a group (() for a single word)."""
    words = analysis.plain_words(term) or []
    return tuple(w.keys for w in words) if len(words) > 1 else ()


def _phrases(words: list[analysis.Word], groups) -> list[analysis.Word]:
    """Typed words that are a phrase of a group (`oudere werknemers`, `beroepsbegeleidende
    leerweg`) become one unit: those words together, or any other member of the group."""
    out: list[analysis.Word] = []
    at = 0
    while at < len(words):
        found = None
        for group in groups:
            for term in group:
                keys = _phrase_keys(term)
                span = words[at : at + len(keys)]
                if (
                    keys
                    and len(span) == len(keys)
                    and all(w.keys & k for w, k in zip(span, keys, strict=True))
                ):
                    found = (group, term, span)
                    break
            if found:
                break
        if found is None:
            out.append(words[at])
            at += 1
            continue
        group, term, span = found
        terms = ["(" + " & ".join(w.term for w in span) + ")"]
        joined: set[str] = set().union(*(w.keys for w in span))
        for other in group:
            if other != term:
                alternative, other_keys, _own, _parts = _term_of(other)
                if alternative and alternative not in terms:
                    terms.append(alternative)
                    joined |= other_keys
        raw = " ".join(w.raw for w in span)
        out.append(analysis.Word(raw, frozenset(joined), "(" + " | ".join(terms) + ")"))
        at += len(span)
    return out


def widen(words: list[analysis.Word]) -> list[analysis.Word]:
    """Each word with the related words of every group it is in (by its keys, so any form of
    it: `medewerker` is in the group of `medewerkers`); words that are a phrase of a group
    as one unit with the group's other members."""
    every = groups()
    phrased = _phrases(words, every)
    wide = []
    for word in phrased:
        if word not in words:  # a phrase: its alternatives are there already
            wide.append(word)
            continue
        terms = [word.term]
        keys = set(word.keys)
        for group in every:
            parsed = [_term_of(t) for t in group]
            if not any(own & word.keys for _t, _k, own, _p in parsed):
                continue
            for term, term_keys, _own, parts in parsed:
                # A compound of the word itself (`ziekteverzuim` for `verzuim`) is found by its
                # part already, and marked there.
                if term and term not in terms and not parts & word.keys:
                    terms.append(term)
                    keys |= term_keys
        if len(terms) == 1:
            wide.append(word)
        else:
            wide.append(analysis.Word(word.raw, frozenset(keys), "(" + " | ".join(terms) + ")"))
    return wide


def vocabulary() -> set[str]:
    """The single words of every group (plain), as candidates to correct a typo with."""
    words = set()
    for group in groups():
        for term in group:
            if " " not in term:
                words.add(analysis.surface(term))
    words.discard("")
    return words
