"""Before publishing: does the text point to a person? Warnings, not a block — a coordinator
decides, and has to confirm explicitly when there is a warning."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(\+31[\s-]?|0031[\s-]?|0)(\d[\s-]?){9}(?!\d)")
POSTCODE = re.compile(r"\b[1-9]\d{3}\s?[A-Z]{2}\b")
IBAN = re.compile(r"\bNL\d{2}\s?[A-Z]{4}(\s?\d{2,4}){3,4}\b")
BSN = re.compile(r"(?<![\d.,])\d{9}(?![\d.,])")
PROFILE = re.compile(r"(linkedin\.com/in/|facebook\.com/|instagram\.com/)\S+", re.IGNORECASE)


@dataclass(frozen=True)
class Warning:
    kind: str
    found: str
    message: str


def _variants(name: str) -> list[str]:
    """A full name, and its first and last word: 'Henk' and 'Hendriks' point to Henk too."""
    parts = name.split()
    return list(dict.fromkeys([name, *(parts[:1] + parts[-1:] if len(parts) > 1 else [])]))


def _names_in(text: str, names: Iterable[str], *, split: bool) -> list[str]:
    lowered = text.lower()
    hits = []
    for full in names:
        for name in _variants(full.strip()) if split else [full.strip()]:
            if len(name) < 4 or name in hits:
                continue
            if re.search(rf"(?<!\w){re.escape(name.lower())}(?!\w)", lowered):
                hits.append(name)
                break
    return hits


def privacy_warnings(text: str, *, people: Iterable[str] = (), firms: Iterable[str] = ()):
    """Everything in `text` that may point to a person or firm, as warnings in Dutch."""
    warnings: list[Warning] = []
    checks = [
        (EMAIL, "email", _("An email address")),
        (PHONE, "phone", _("A phone number")),
        (IBAN, "iban", _("A bank account number")),
        (POSTCODE, "postcode", _("A postcode")),
        (BSN, "bsn", _("A nine-digit number (citizen service number?)")),
        (PROFILE, "profile", _("A link to a personal profile")),
    ]
    for pattern, kind, label in checks:
        for match in pattern.finditer(text):
            warnings.append(Warning(kind, match.group(0), f"{label}: {match.group(0)}"))
    for name in _names_in(text, people, split=True):
        warnings.append(Warning("person", name, _("The name of a participant: %s") % name))
    for name in _names_in(text, firms, split=False):
        warnings.append(Warning("firm", name, _("The name of a firm: %s") % name))
    # The same find in the title, the summary and the body is one warning, not three.
    unique: dict[tuple[str, str], Warning] = {}
    for warning in warnings:
        unique.setdefault((warning.kind, warning.found.lower()), warning)
    return list(unique.values())
