"""Dutch is complete: every string in the Dutch catalogue has a translation."""

from __future__ import annotations

import re
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[2] / "locale/nl/LC_MESSAGES/django.po"


def _entries(text: str):
    for block in text.split("\n\n")[1:]:
        if block.startswith("#~"):
            continue  # obsolete
        yield block


def test_dutch_catalogue_has_no_untranslated_or_fuzzy_entries():
    problems = []
    for block in _entries(CATALOGUE.read_text(encoding="utf-8")):
        if "#, fuzzy" in block:
            problems.append(block)
        for msgstr in re.findall(r'^msgstr(?:\[\d\])? "(.*)"\n?((?:".*"\n?)*)', block, re.M):
            if not (msgstr[0] or msgstr[1].strip('"\n')):
                problems.append(block)
    assert not problems, "Untranslated or fuzzy Dutch entries:\n\n" + "\n\n".join(problems)
