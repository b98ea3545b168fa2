"""Highlighting: the searched words marked in a title, summary or snippet of the body, from
the stored vector's positions, with bounded work per page."""

from __future__ import annotations

import re
from functools import lru_cache

from kennisbank.analysis.compounds import _analyse_word, tokens
from kennisbank.analysis.words import OWN, POSITION_MAX, TOKEN


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
