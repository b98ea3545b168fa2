"""Recognise what a dimension value is: an SBI sector, a company-size class, a total.

CBS puts SBI sections and divisions (e.g. 'F Bouwnijverheid', '43 Gespecialiseerde bouw')
and company-size classes ('10 tot 50 werkzame personen') in columns of their own or in one
column together; each value is classified so sectors and size classes are kept apart.
"""

from __future__ import annotations

import re
from functools import lru_cache

# A code, then a name that starts with a capital: '43 Gespecialiseerde bouw', not the age
# class '15 tot 25 jaar'.
_SBI = re.compile(r"^(?P<code>[A-U](-[A-U])?|\d{2}(\.\d{1,2})?(-\d{2})?)\s+[A-ZÀ-Ý'(]")
_SIZE = re.compile(
    r"werkzame personen|werknemers|bedrijfsgrootte|medewerkers|\bwp\b", re.IGNORECASE
)
# CBS keys of company-size classes: 'WP10_50', 'WP2_10', 'WP100'.
_SIZE_KEY = re.compile(r"^WP\d", re.IGNORECASE)
ALL_SECTIONS = "A-U"  # SBI 2008: every economic activity


@lru_cache(maxsize=8192)
def classify(label: str, code: str = "") -> tuple[str, str]:
    """(kind, sbi_code) for a label (and the value's key): kind is sector, size, total or
    other. Only 'A-U' is the total of all sectors; another range of sections (e.g. 'B-F
    Nijverheid en energie') is a group of sectors, not one of ours, and is kept as other."""
    text = label.strip()
    if _SIZE.search(text) or _SIZE_KEY.match(code.strip()):
        return "size", ""
    if text.lower().startswith(("totaal", "alle ")):
        return "total", ""
    match = _SBI.match(text)
    if match:
        sbi = match.group("code")
        if sbi == ALL_SECTIONS:
            return "total", sbi
        if "-" in sbi:
            return "other", sbi
        return "sector", sbi
    return "other", ""
