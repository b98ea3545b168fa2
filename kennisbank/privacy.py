"""Before text goes further (the kennisbank, the projector, the summary mailed to the group):
does it point to a person? Warnings, not a block — a person decides, and has to confirm
explicitly when there is a warning.

What counts: contact details (email, phone, street address, postcode, bank account, a
nine-digit number, a profile link), names (of the network's own people and firms, common
first names, and a capitalised word in the middle of a sentence that is no common word), and
health or absence details (burn-out, rugklachten, ziek, zwanger, ...), which are as
sensitive as a name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from simplemma import is_known
from wordfreq import zipf_frequency

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(
    r"(?<![\d+])(?:"
    r"(?:\+31|0031)[\s-]?(?:\(0\)[\s-]?)?(?:\d[\s-]?){8}\d"  # +31 6 12345678, +31 (0)20 ...
    r"|\(0\d{1,3}\)[\s-]?(?:\d[\s-]?){5,7}\d"  # (020) 123 45 67, (06) 12345678
    r"|0(?:\d[\s-]?){8}\d"  # 06-12345678, 020 1234567
    r")(?!\d)"
)
POSTCODE = re.compile(r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b")
IBAN = re.compile(r"\bNL\d{2}\s?[A-Z]{4}(\s?\d{2,4}){3,4}\b", re.IGNORECASE)
# Any country's IBAN, counted only when its check digits add up (few words look like one).
IBAN_ANY = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?\d{1,3})?\b")
BSN = re.compile(r"(?<![\d.,])\d{9}(?![\d.,])")
PROFILE = re.compile(r"(linkedin\.com/in/|facebook\.com/|instagram\.com/)\S+", re.IGNORECASE)
# A street and a house number: 'Dorpsstraat 12a', 'Hoofdweg 3-5'. Not a distance, a time or
# a count ('de snelweg 30 minuten', 'arbeidsmarkt 2024': a house number has 1-3 digits).
STREET = re.compile(
    r"(?<!\w)[^\W\d_][\w'.-]*?"
    r"(?:straat|weg|laan|plein|singel|gracht|kade|dijk|steeg|dreef|hof|markt|pad|baan|wal"
    r"|plantsoen|erf|park)"
    r"\s+\d{1,3}(?:\s?[a-zA-Z](?!\w)|-\d{1,3})?(?!\d|[,.]\d|\s*(?:km|kilometer|m|meter|min"
    r"|minuten|uur|kwartier|%|procent|euro|jaar|maanden|weken|dagen|man|mensen|medewerkers"
    r"|monteurs|leerlingen|keer)\b)",
    re.IGNORECASE,
)

# Health and absence, in their inflections and compounds ('ziekmelding', 'rugklachten',
# 'burnout'); each part matches a whole word. 'operatie' only on its own or after a body part,
# never inside 'coöperatie'.
_BODY = r"(?:rug|nek|knie|schouder|hoofd|buik|spier|gewrichts|hart|maag|heup|enkel|pols|arm|been)"
HEALTH = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        [
            r"\w*ziek\w*",
            r"\w*burn[-\s]?outs?",
            r"\w*overspann\w*",
            r"opgebrand\w*",
            r"\w*" + _BODY + r"(?:klacht|pijn|probleem|problemen|blessure|letsel)\w*",
            r"\w*gezondheids(?:klacht|probleem|problemen)\w*",
            r"(?:psychische|lichamelijke|mentale)\s+(?:klachten|klacht|problemen|gezondheid)",
            r"pijn",
            r"\w*blessure\w*",
            r"uitgevallen",
            r"lappenmand",
            r"\w*zwanger\w*",
            r"bevall\w*",
            r"\w*depressi\w*",
            r"psycholo\w*",
            r"psychiat\w*",
            r"psychose\w*",
            r"\w*hernia\w*",
            r"(?:\w*" + _BODY + r")?operaties?",
            r"geopereerd",
            r"\w*kanker\w*",
            r"chemo\w*",
            r"\w*diabet\w*",
            r"\w*hartaanval\w*",
            r"\w*infarct\w*",
            r"beroerte",
            r"\w*tumor\w*",
            r"arbeidsongeschikt\w*",
            r"wia",
            r"wao",
            r"re-?[iï]ntegr\w*",
            r"\w*verslav\w*",
            r"\w*verslaafd\w*",
            r"overled\w*",
            r"overlijd\w*",
            r"dementie",
            r"adhd",
            r"autis\w*",
            r"dyslex\w*",
            r"medicijn\w*",
            r"medicatie",
            r"fysio\w*",
            r"\w*therapie\w*",
            r"revalid\w*",
            r"huisarts\w*",
        ]
    )
    + r")(?!\w)",
    re.IGNORECASE,
)

# Words about sick leave or health care as a topic, not about someone: 'ziekteverzuim
# bespreekbaar maken', 'een collectieve ziektekostenverzekering'. A name next to them is held.
HEALTH_TOPICS = ("ziekteverzuim", "ziektekosten")

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


@dataclass(frozen=True)
class PrivacyWarning:
    kind: str
    found: str
    message: str


@cache
def _surnames() -> frozenset[str]:
    """The shipped list of common surnames, lower case: names only mid-sentence."""
    path = Path(__file__).parent / "data" / "surnames_nl.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip()[:1] not in ("", "#"))


@cache
def _first_names() -> tuple[frozenset[str], frozenset[str]]:
    """The shipped list: (all names, names that are also ordinary words), lower case."""
    path = Path(__file__).parent / "data" / "first_names_nl.txt"
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


def _name_words(text: str) -> list[tuple[int, int]]:
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


def _names_in(
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


def _valid_iban(candidate: str) -> bool:
    compact = re.sub(r"\s", "", candidate).upper()
    if not 15 <= len(compact) <= 34:
        return False
    digits = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


# Other dashes read as the plain hyphen the words are listed with ("burn‑out").
_HYPHENS = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63"), "-")


def _as_shown(text: str) -> str:
    """The text as a reader sees it: invisible format characters (soft hyphens, zero-width
    spaces) gone, look-alike letters (full width, ligatures) as their plain letters, any dash
    a hyphen. Without this "Hen\u00adk" or "ｂｕｒｎｏｕｔ" showed as a name or a health word
    on the screen while the check read something else."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return text.translate(_HYPHENS)


def privacy_warnings(text: str, *, people: Iterable[str] = (), firms: Iterable[str] = ()):
    """Everything in `text` that may point to a person or firm, as warnings in Dutch."""
    text = _as_shown(text)
    warnings: list[PrivacyWarning] = []
    taken: list[tuple[int, int]] = []  # what one rule found, no other rule reports again
    checks = [
        (EMAIL, "email", _("An email address")),
        (IBAN, "iban", _("A bank account number")),
        (IBAN_ANY, "iban", _("A bank account number")),
        (PHONE, "phone", _("A phone number")),
        (STREET, "address", _("A street address")),
        (POSTCODE, "postcode", _("A postcode")),
        (BSN, "bsn", _("A nine-digit number (citizen service number?)")),
        (PROFILE, "profile", _("A link to a personal profile")),
    ]
    for pattern, kind, label in checks:
        for match in pattern.finditer(text):
            if _overlaps(match.span(), taken):
                continue
            if pattern is IBAN_ANY and not _valid_iban(match.group(0)):
                continue
            taken.append(match.span())
            warnings.append(PrivacyWarning(kind, match.group(0), f"{label}: {match.group(0)}"))
    for name, spans in _names_in(text, people, split=True):
        taken += spans
        warnings.append(PrivacyWarning("person", name, _("The name of a participant: %s") % name))
    for name, spans in _names_in(text, firms, split=False):
        taken += spans
        warnings.append(PrivacyWarning("firm", name, _("The name of a firm: %s") % name))
    for span in _name_words(text):
        if _overlaps(span, taken):
            continue
        found = text[span[0] : span[1]]
        warnings.append(PrivacyWarning("name", found, _("Possibly a name: %s") % found))
    for match in HEALTH.finditer(text):
        found = match.group(0)
        if found.lower().startswith(HEALTH_TOPICS):
            continue
        warnings.append(
            PrivacyWarning(
                "health", found, _("Health or absence, as sensitive as a name: %s") % found
            )
        )
    # The same find in the title, the summary and the body is one warning, not three.
    unique: dict[tuple[str, str], PrivacyWarning] = {}
    for warning in warnings:
        unique.setdefault((warning.kind, warning.found.lower()), warning)
    return list(unique.values())
