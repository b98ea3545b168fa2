"""Text pasted from Word or Google Docs keeps its lists and paragraphs when an item is saved."""

from __future__ import annotations

import pytest

from kennisbank import services
from kennisbank.models import Solution
from kennisbank.text import from_pasted, render_markdown
from tests.kennisbank.helpers import item

pytestmark = pytest.mark.django_db

WORD = (
    "Wat we deden:\r\n"
    "•\tElke maandag een kort gesprek\r\n"
    "•\tEen buddy voor de eerste weken\r\n"
    "o\tiemand van de eigen ploeg\r\n"
    "Het verloop daalde.\r\n"
    "Volgend jaar doen we het weer."
)


def test_word_bullets_become_a_list_and_lines_paragraphs(network, sector, coordinator):
    solution = services.solution_create(
        network=network, user=coordinator, title="Buddy", summary="Kort", body=WORD
    )
    html = str(render_markdown(solution.body))
    assert "<li>Elke maandag een kort gesprek</li>" in html
    assert "<li>Een buddy voor de eerste weken" in html
    assert html.count("<ul>") == 2  # the sub-item is a list of its own inside the item
    assert "<p>Het verloop daalde.</p>" in html
    assert "<p>Volgend jaar doen we het weer.</p>" in html
    assert "•" not in html


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("· één\n· twee", "- één\n- twee"),
        ("– één\n– twee", "- één\n- twee"),
        ("1.\tbellen\n2)\tmailen", "1. bellen\n2. mailen"),
        ("Tekst\n- al Markdown", "Tekst\n\n- al Markdown"),
        ("Eerste alinea\nTweede alinea", "Eerste alinea\n\nTweede alinea"),
    ],
)
def test_pasted_marks(pasted, expected):
    assert from_pasted(pasted) == expected
    assert from_pasted(expected) == expected  # saving again changes nothing


def test_a_dash_in_a_sentence_is_no_list(network, sector):
    assert from_pasted("Kosten – baten") == "Kosten – baten"
    assert from_pasted("o zo mooi") == "o zo mooi"


def test_editing_the_text_converts_it_saving_unchanged_does_not(network, sector, coordinator):
    solution = item(network, sector, body="Oud")
    # Written before this rule: a single line break.
    Solution.objects.filter(pk=solution.pk).update(body="Oud\nzonder witregel")
    solution.refresh_from_db()
    services.solution_update(solution=solution, user=coordinator, body="Oud\nzonder witregel")
    solution.refresh_from_db()
    assert solution.body == "Oud\nzonder witregel"
    services.solution_update(solution=solution, user=coordinator, body="•\tnieuw\n•\tlijstje")
    solution.refresh_from_db()
    assert solution.body == "- nieuw\n- lijstje"
