"""Storing: the tsvector of an item (every key at its positions and weights) and the rank
tiers of its head fields."""

from __future__ import annotations

from functools import lru_cache

from kennisbank.analysis.compounds import _analyse_word
from kennisbank.analysis.words import HEAD, OWN, POSITION_MAX, POSITIONS_PER_KEY, START, TOKEN

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
