"""Compare ways of analysing Dutch on the relevance judgements, in Python alone (no database):
an item matches a one-word query when any key of the query word is among the item's keys,
which is what the tsquery of `kennisbank.analysis.parse` asks of the stored vector.

    .venv/bin/python bench/relevance/compare.py

The numbers are in docs/search.md; the bench (bench/kennisbank_relevance.py) measures the
chosen analysis through the real search, and PostgreSQL's own Dutch stemmer beside it.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.kennisbank_relevance import read_items, read_judgements, score  # noqa: E402
from kennisbank import analysis  # noqa: E402
from kennisbank.analysis import compounds as splitting  # noqa: E402
from kennisbank.analysis import vectors, words  # noqa: E402

CACHED = (
    words.word_keys,
    splitting.split,
    splitting._analyse_word,
    vectors._keys_by_role,
)
# Where the analysis reads the functions a variant replaces (each module its own name).
USERS = (words, splitting)


def _set(name: str, value) -> None:
    for module in USERS:
        if hasattr(module, name):
            setattr(module, name, value)


def clear() -> None:
    for function in CACHED:
        function.cache_clear()


def variant(*, lemma: bool, keep_ing: bool, compounds: bool, stem: bool = True):
    """Patch the analysis to one variant; returns a function that undoes it."""
    saved = (words._norm, words._lemma, splitting.split)
    original_norm = saved[0]

    def norm(word: str) -> str:
        if not stem:
            return word
        if not keep_ing and word.isalpha():
            return words._stemmer().stemWord(word)
        return original_norm(word)

    _set("_norm", norm)
    if not lemma:
        _set("_lemma", lambda word: word)
    if not compounds:
        _set("split", lambda word: ())
    clear()

    def undo() -> None:
        for name, value in zip(("_norm", "_lemma", "split"), saved, strict=True):
            _set(name, value)
        clear()

    return undo


def measure() -> dict:
    items = read_items()
    keys = {}
    for ident, item in items.items():
        text = f"{item['title']} {item['source']} {item['body']}"
        keys[ident] = {k for token in analysis.tokens(text) for k in token.all_keys}
    judgements = read_judgements()
    found = {}
    for judgement in judgements:
        wanted = analysis.parse(judgement["q"]).keys | {analysis.plain(judgement["q"])}
        found[judgement["q"]] = {i for i, have in keys.items() if have & wanted}
    return score(judgements, found)


def options(lemma: bool, keep_ing: bool, compounds: bool, stem: bool = True) -> dict:
    return {"lemma": lemma, "keep_ing": keep_ing, "compounds": compounds, "stem": stem}


VARIANTS = {
    "simplemma lemma alone": options(True, True, False, stem=False),
    "Snowball 3 dutch alone": options(False, False, False),
    "Snowball 3 + simplemma lemma": options(True, False, False),
    "Snowball 3 + lemma + -ing kept": options(True, True, False),
    "Snowball 3 + compounds": options(False, False, True),
    "Snowball 3 + lemma + compounds": options(True, False, True),
    "simplemma lemma + compounds": options(True, True, True, stem=False),
    "chosen: Snowball 3 + lemma + -ing kept + compounds": options(True, True, True),
}


def main() -> None:
    print("| analysis | inflection | head of compound | start of compound | precision |")
    print("|---|---|---|---|---|")
    for name, chosen in VARIANTS.items():
        undo = variant(**chosen)
        try:
            result = measure()
        finally:
            undo()
        r = result["recall"]
        print(
            f"| {name} | {r['inflection']} | {r['head_compound']} | {r['start_compound']} "
            f"| {result['precision']} |"
        )


if __name__ == "__main__":
    main()
