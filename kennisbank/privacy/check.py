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

from django.utils.translation import gettext as _

from kennisbank.privacy.names import name_words, names_in
from kennisbank.privacy.patterns import (
    BSN,
    EMAIL,
    HEALTH,
    HEALTH_TOPICS,
    IBAN,
    IBAN_ANY,
    PHONE,
    POSTCODE,
    PROFILE,
    STREET,
)


@dataclass(frozen=True)
class PrivacyWarning:
    kind: str
    found: str
    message: str


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
    for name, spans in names_in(text, people, split=True):
        taken += spans
        warnings.append(PrivacyWarning("person", name, _("The name of a participant: %s") % name))
    for name, spans in names_in(text, firms, split=False):
        taken += spans
        warnings.append(PrivacyWarning("firm", name, _("The name of a firm: %s") % name))
    for span in name_words(text):
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
