"""Dutch is complete: every string in the Dutch catalogue has a translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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


def test_quarters_read_k_in_dutch_and_q_in_english():
    from django.utils import translation

    from praktijktafel.dates import quarter_code, quarter_label, stored_quarter_label

    with translation.override("nl"):
        assert quarter_label(2026, 4) == "2026 K4"
        assert stored_quarter_label("2026 K4") == "2026 K4"
    with translation.override("en"):
        assert quarter_label(2026, 4) == "2026 Q4"
        assert stored_quarter_label("2026 K4") == "2026 Q4"  # stored in Dutch, shown in English
        assert stored_quarter_label("voorjaar") == "voorjaar"
        assert quarter_code(2026, 4) == "2026 K4"  # what is stored never depends on the reader


@pytest.mark.django_db
def test_english_pages_write_quarters_with_q(client):
    """The page of a solution shared at a session, read in Dutch and in English."""
    from django.conf import settings
    from django.urls import reverse

    from kennisbank.models import Solution
    from tests.factories import SectorFactory, SolutionFactory

    solution = SolutionFactory()
    Solution.objects.filter(pk=solution.pk).update(
        is_public=True, source_sector=SectorFactory(), source_quarter="2026 K4"
    )
    url = reverse("kennisbank:detail", args=[solution.pk, solution.slug])
    dutch = client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch in the footer
    english = client.get(url).content.decode()
    assert "2026 Q4" in english and "2026 K4" not in english
    assert "2026 K4" in dutch and "2026 Q4" not in dutch
