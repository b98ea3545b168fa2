"""Names in a text: the network's own people and firms, common first names and surnames
(the lists in kennisbank/data/), a word after 'meneer' or 'mevrouw', and a capitalised word in
mid-sentence that is no common Dutch or English word."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from simplemma import is_known
from wordfreq import zipf_frequency

# Names: a word of letters (a hyphen splits 'Jan-Willem' in two).
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# How a surname goes on after a first name: 'Sanne de Wit', 'Piet van der Berg'.
PARTICLES = {"de", "der", "den", "van", "ter", "ten", "von"}
SAME_LINE_GAP = re.compile(r"[ \t]{1,3}")  # a name goes on over spaces, not a line break
TITLES = {"meneer", "mevrouw", "mevr", "dhr", "mw", "juffrouw", "heer"}
# A capitalised word in mid-sentence below this frequency (Zipf scale, in Dutch and in English:
# the trade uses English words) is rarely anything but a name.
RARE_ZIPF = 4.0
# Capitalised in the middle of a sentence, yet no person: the sector's own parties and tools.
NOT_NAMES = {
    "bouwend",
    "kennispunt",
    "innovatiemonitor",
    "statline",
    "praktijktafel",
    "praktijktafels",
    "kennisbank",
    "excel",
    "outlook",
    "word",
    "powerpoint",
    "teams",
    "zoom",
    "whatsapp",
    "linkedin",
    "instagram",
    "facebook",
    "tiktok",
    "youtube",
    "google",
    "bbl",
    "bol",
    "cbs",
    "eib",
    "sbb",
    "uwv",
    "mbo",
    "hbo",
    "roc",
    "cao",
    "vca",
    "ikea",
    "gamma",
    "praxis",
    "karwei",
    "hornbach",
    "technische",
    "unie",
    # Holidays and the trade's calendar.
    "bouwvak",
    "koningsdag",
    "kerst",
    "kerstmis",
    "pasen",
    "pinksteren",
    "hemelvaart",
    "sinterklaas",
    "prinsjesdag",
    "bevrijdingsdag",
}
LINKS = ("s", "en", "e")  # the linking sounds of a Dutch compound: tijd-s-planning
SENTENCE_END = ".!?:;\n•*-–—"
OPENERS = " \t\"'(“‘«[„"


@cache
def _surnames() -> frozenset[str]:
    """The shipped list of common surnames, lower case: names only mid-sentence."""
    path = Path(__file__).parent.parent / "data" / "surnames_nl.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip()[:1] not in ("", "#"))


@cache
def _first_names() -> tuple[frozenset[str], frozenset[str]]:
    """The shipped list: (all names, names that are also ordinary words), lower case."""
    path = Path(__file__).parent.parent / "data" / "first_names_nl.txt"
    names, also_words = set(), set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name = line.rstrip("*").lower()
        names.add(name)
        if line.endswith("*"):
            also_words.add(name)
    return frozenset(names), frozenset(also_words)


def _known(word: str) -> bool:
    return len(word) > 2 and is_known(word, lang="nl")


def _is_compound(word: str) -> bool:
    """'sectorcijfers', 'tijdsplanning': two Dutch words, perhaps with a linking s, e or en.
    Dutch writes compounds as one word, so most are too rare for a frequency list."""
    for cut in range(3, len(word) - 3):
        left, right = word[:cut], word[cut:]
        if len(right) < 4 or not _known(right):  # 'hoek-s-tra' is a surname
            continue
        if _known(left) or any(left.endswith(s) and _known(left[: -len(s)]) for s in LINKS):
            return True
    return False


@cache
def _lowercase_names() -> frozenset[str]:
    """First names that are no word at all, so typed in lower case ('vraag sanne') they still
    count: not short, not marked as a word, unknown to the Dutch dictionary and rare in English."""
    names, also_words = _first_names()
    return frozenset(
        name
        for name in names
        if len(name) >= 4
        and name not in also_words
        and not is_known(name, lang="nl")
        and zipf_frequency(name, "en") < RARE_ZIPF
    )


@cache
def _is_common_word(word: str) -> bool:
    """A common word in Dutch or English (by wordfreq), or a Dutch dictionary word or
    compound (by simplemma): no name. Surnames such as 'Hendriks' or 'Hoekstra' are none."""
    lower = word.lower()
    if lower in NOT_NAMES:
        return True
    if max(zipf_frequency(lower, "nl"), zipf_frequency(lower, "en")) >= RARE_ZIPF:
        return True
    return _known(lower) or _is_compound(lower)


def _capitalised(word: str) -> bool:
    """'Sanne', not 'sanne', 'BBL' or 'WhatsApp'."""
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(OPENERS)
    return not before or before[-1] in SENTENCE_END


def name_words(text: str) -> list[tuple[int, int]]:
    """Spans of names that are not the network's own: a common first name, a common surname
    or a capitalised word that is no common word in mid-sentence, a word after 'meneer' or
    'mevrouw'; each span runs on over a surname ('Sanne de Wit')."""
    names, also_words = _first_names()
    words = list(WORD.finditer(text))
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        match = words[i]
        word = match.group(0)
        lower = word.lower()
        mid = not _starts_sentence(text, match.start())
        after_title = i > 0 and words[i - 1].group(0).lower() in TITLES
        is_name = (word.islower() and lower in _lowercase_names()) or (
            _capitalised(word)
            and (
                after_title
                or (lower in names and (mid or lower not in also_words))
                or (mid and lower in _surnames())
                or (mid and len(word) > 2 and not _is_common_word(word))
            )
        )
        if not is_name:
            i += 1
            continue
        end, j = match.end(), i + 1
        # Go on over particles and capitalised words right after it: one name, one warning.
        while j < len(words) and SAME_LINE_GAP.fullmatch(text[end : words[j].start()]):
            following = words[j].group(0)
            if following.lower() in PARTICLES:
                k = j
                while k < len(words) and words[k].group(0).lower() in PARTICLES:
                    k += 1
                if k < len(words) and _capitalised(words[k].group(0)):
                    end, j = words[k].end(), k + 1
                    continue
                break
            if _capitalised(following):
                end, j = words[j].end(), j + 1
                continue
            break
        spans.append((match.start(), end))
        i = j
    return spans


def _variants(name: str) -> list[str]:
    """A full name, and its first and last word: 'Henk' and 'Hendriks' point to Henk too."""
    parts = name.split()
    return list(dict.fromkeys([name, *(parts[:1] + parts[-1:] if len(parts) > 1 else [])]))


def names_in(
    text: str, names: Iterable[str], *, split: bool
) -> list[tuple[str, list[tuple[int, int]]]]:
    """The names found, each with every place it occurs (so no other rule reports it again)."""
    lowered = text.lower()
    hits: list[tuple[str, list[tuple[int, int]]]] = []
    for full in names:
        found = None
        spans: list[tuple[int, int]] = []
        for name in _variants(full.strip()) if split else [full.strip()]:
            if len(name) < 4 or any(name == hit for hit, _spans in hits):
                continue
            places = [
                m.span() for m in re.finditer(rf"(?<!\w){re.escape(name.lower())}(?!\w)", lowered)
            ]
            if places:
                found = found or name
                spans += places
        if found:
            hits.append((found, spans))
    return hits
