"""A search of several words forgives a word the items do not use: the items with all the
words first, then those with most of them, and the page says which word was left out. The
trade's own words find each other (synonyms), a half-typed last word finds the whole word,
and a clear typo is corrected, not only suggested."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.kennisbank.helpers import item

pytestmark = pytest.mark.django_db


def page(client, query: str, **params):
    response = client.get(reverse("kennisbank:search"), {"q": query, **params})
    assert response.status_code == 200
    html = response.content.decode()
    titles = re.findall(r'<h3><a href="[^"]+">(.*?)</a></h3>', html)
    text = unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))
    return [unescape(re.sub(r"</?mark>", "", t)) for t in titles], text


@pytest.fixture
def reader(client, ondernemer):
    client.force_login(ondernemer)
    return client


def test_a_word_no_item_uses_is_left_out_and_the_page_says_so(reader, network, sector):
    item(network, sector, title="Monteurs inwerken met een vaste buddy")
    item(network, sector, title="Een lunch voor de hele ploeg")
    titles, text = page(reader, "monteurs inwerken zeilboot")
    assert titles == ["Monteurs inwerken met een vaste buddy"]
    assert "Geen resultaten met ‘zeilboot’; wel met ‘monteurs inwerken’" in text
    assert "Niets gevonden" not in text


def test_items_with_all_words_rank_above_those_with_most(reader, network, sector):
    item(network, sector, title="Rooster voor de monteurs", body="Een vast rooster.")
    item(network, sector, title="Rooster en buddy voor nieuwe monteurs", body="Met een buddy.")
    item(network, sector, title="Buddy bij de start", body="Een buddy helpt.")
    item(network, sector, title="Koffie op vrijdag", body="Gezellig.")
    titles, _text = page(reader, "rooster buddy monteurs")
    assert titles[0] == "Rooster en buddy voor nieuwe monteurs"
    # Then the items with two of the three words; none with only one (at least half).
    assert set(titles[1:]) == {"Rooster voor de monteurs"}
    assert "Koffie op vrijdag" not in titles


def test_no_item_with_all_words_shows_those_with_most_and_says_so(reader, network, sector):
    item(network, sector, title="Werktijden afspreken")
    item(network, sector, title="Gereedschap delen")
    titles, text = page(reader, "werktijden gereedschap")
    assert set(titles) == {"Werktijden afspreken", "Gereedschap delen"}
    assert "Geen praktijkoplossing met al deze woorden" in text


def test_operators_keep_their_meaning(reader, network, sector):
    item(network, sector, title="Werktijden afspreken")
    titles, _text = page(reader, '"werktijden zeilboot"')
    assert titles == []
    titles, _text = page(reader, "werktijden -afspreken")
    assert titles == []
