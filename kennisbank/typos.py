"""How likely a typed word is a slip of the fingers for another word: the cost of the edits
between them, cheaper for the slips people make most (after Damerau 1964, Kernighan, Church
and Gale 1990): two letters swapped (`tekrot`), a double letter typed once or a letter typed
twice (`kenis`, `cassus`), a vowel for a vowel (`personeal`), a key next to the right one
(`verzuin`) or a consonant that sounds the same in Dutch (`groeb`, `wort`). Used by the
kennisbank's typo correction (`kennisbank.search.suggestions._candidates`)."""

from __future__ import annotations

from functools import lru_cache

ONE_EDIT = 1.0  # a plain insertion, deletion or substitution
CHEAP_EDIT = 0.6  # two neighbours swapped; a double letter typed once, a letter typed twice
NEAR_EDIT = 0.8  # a vowel for a vowel, a neighbouring key, a sound-alike consonant
LETTERS = "abcdefghijklmnopqrstuvwxyz"
VOWELS = frozenset("aeiouy")
# A voiced and a voiceless consonant that sound the same at the end of a Dutch word or
# syllable (web/wep, word/wordt), and c/k, which Dutch spells both ways (cooperatie).
SOUND_ALIKE = frozenset(frozenset(pair) for pair in ("bp", "dt", "fv", "sz", "ck"))
KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_ROW_SHIFT = (0.0, 0.25, 0.75)  # how far each row of keys is shifted to the right


def _key_places() -> dict[str, tuple[int, float]]:
    return {
        char: (row, col + _ROW_SHIFT[row])
        for row, keys in enumerate(KEYBOARD)
        for col, char in enumerate(keys)
    }


_PLACES = _key_places()


def _neighbours(a: str, b: str) -> bool:
    """Two keys that touch on a QWERTY keyboard."""
    if a not in _PLACES or b not in _PLACES:
        return False
    (row_a, col_a), (row_b, col_b) = _PLACES[a], _PLACES[b]
    if row_a == row_b:
        return abs(col_a - col_b) == 1
    return abs(row_a - row_b) == 1 and abs(col_a - col_b) <= 0.75


def substitution_cost(typed: str, meant: str) -> float:
    if typed == meant:
        return 0.0
    if (
        {typed, meant} <= VOWELS
        or frozenset((typed, meant)) in SOUND_ALIKE
        or _neighbours(typed, meant)
    ):
        return NEAR_EDIT
    return ONE_EDIT


def _doubled(word: str, at: int) -> bool:
    """The letter at `at` is one of two the same side by side."""
    before = at > 0 and word[at - 1] == word[at]
    return before or (at + 1 < len(word) and word[at + 1] == word[at])


@lru_cache(maxsize=10_000)
def typo_cost(typed: str, meant: str) -> float:
    """The cheapest edits from `typed` to `meant` (restricted Damerau-Levenshtein, with the
    costs above): 0 for the same word, about 1 for one slip, 2 or more for two."""
    rows, cols = len(typed) + 1, len(meant) + 1
    d = [[0.0] * cols for _ in range(rows)]
    for i in range(1, rows):
        d[i][0] = d[i - 1][0] + (CHEAP_EDIT if _doubled(typed, i - 1) else ONE_EDIT)
    for j in range(1, cols):
        d[0][j] = d[0][j - 1] + (CHEAP_EDIT if _doubled(meant, j - 1) else ONE_EDIT)
    for i in range(1, rows):
        for j in range(1, cols):
            extra = CHEAP_EDIT if _doubled(typed, i - 1) else ONE_EDIT  # typed a letter too many
            missing = CHEAP_EDIT if _doubled(meant, j - 1) else ONE_EDIT  # left one out
            best = min(
                d[i - 1][j] + extra,
                d[i][j - 1] + missing,
                d[i - 1][j - 1] + substitution_cost(typed[i - 1], meant[j - 1]),
            )
            if (
                i > 1
                and j > 1
                and typed[i - 1] == meant[j - 2]
                and typed[i - 2] == meant[j - 1]
                and typed[i - 1] != typed[i - 2]
            ):
                best = min(best, d[i - 2][j - 2] + CHEAP_EDIT)
            d[i][j] = best
    return d[-1][-1]


def one_edit_away(word: str) -> set[str]:
    """Every string one insertion, deletion, substitution or swap of neighbours away from
    `word` (letters a-z): the words of the items among these are looked up by equality, so a
    slip in a short word (`tekrot`, which shares few trigrams with `tekort`) is found too."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    inserts = {a + c + b for a, b in splits for c in LETTERS}
    return (deletes | swaps | replaces | inserts) - {word}
