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
_SIZE = re.compile(r"werkzame personen|werknemers|bedrijfsgrootte|medewerkers", re.IGNORECASE)


@lru_cache(maxsize=8192)
def classify(label: str) -> tuple[str, str]:
    """(kind, sbi_code) for a label: kind is sector, size, total or other."""
    text = label.strip()
    if _SIZE.search(text):
        return "size", ""
    if text.lower().startswith(("totaal", "alle ")):
        return "total", ""
    match = _SBI.match(text)
    if match:
        code = match.group("code")
        if "-" in code and code[0].isalpha():
            return "total", code  # a range of sections, e.g. A-U all activities
        return "sector", code
    return "other", ""
