"""Searching: the tsquery of what someone typed (read like `websearch_to_tsquery`), and its
words for widening a search."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kennisbank.analysis.compounds import Token, tokens
from kennisbank.analysis.words import APOSTROPHE_S, TOKEN, WORD_MAX, plain

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
