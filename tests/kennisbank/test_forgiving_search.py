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


def test_the_trades_words_find_each_other_and_the_exact_word_ranks_first(reader, network, sector):
    item(network, sector, title="Nieuwe werknemers een buddy geven", body="Zo blijven ze.")
    item(network, sector, title="Personeel houden met een goed gesprek", body="Elk jaar.")
    item(network, sector, title="Een nieuwe bus", body="Voor het gereedschap.")
    titles, _text = page(reader, "personeel")
    assert titles == ["Personeel houden met een goed gesprek", "Nieuwe werknemers een buddy geven"]
    titles, _text = page(reader, "medewerkers")
    assert set(titles) == {
        "Personeel houden met een goed gesprek",
        "Nieuwe werknemers een buddy geven",
    }


def test_a_tag_in_another_form_of_the_word_is_found(reader, network, sector):
    item(network, sector, title="Via de sportclub", tags=["werving"], body="Langs de lijn.")
    titles, _text = page(reader, "werven")
    assert titles == ["Via de sportclub"]


def test_an_abbreviation_finds_the_words_it_stands_for(reader, network, sector):
    item(network, sector, title="Leren in de beroepsbegeleidende leerweg", body="Vier dagen.")
    titles, _text = page(reader, "bbl")
    assert titles == ["Leren in de beroepsbegeleidende leerweg"]


def test_a_coordinator_adds_related_words_in_the_admin(reader, network, sector):
    from kennisbank.models import SynonymGroup

    item(network, sector, title="Een dakdekker vinden", body="Via de school.")
    assert page(reader, "pannenlegger")[0] == []
    SynonymGroup.objects.create(words="dakdekker, pannenlegger")
    assert page(reader, "pannenlegger")[0] == ["Een dakdekker vinden"]


def test_the_synonym_file_reads_groups_and_phrases():
    from kennisbank import synonyms

    groups = synonyms.parse_groups("# comment\nbbl, beroepsbegeleidende leerweg\n\nzzp, zzp'er\n")
    assert groups == [("bbl", "beroepsbegeleidende leerweg"), ("zzp", "zzp'er")]
    assert len(synonyms.file_groups()) >= 10


def test_a_half_typed_last_word_finds_the_whole_word(reader, network, sector):
    item(network, sector, title="Ziekteverzuim omlaag", body="Bel op de eerste dag.")
    item(network, sector, title="Verzuim bespreken", body="In het werkoverleg.")
    item(network, sector, title="Een verzekering kiezen", body="Voor de bus.")
    titles, text = page(reader, "verzu")
    assert set(titles) == {"Ziekteverzuim omlaag", "Verzuim bespreken"}
    assert titles[0] == "Verzuim bespreken"  # the word itself in the title, before a compound
    titles, _text = page(reader, "ziekteverz")
    assert titles == ["Ziekteverzuim omlaag"]
    # Only the last word: the ones before it are whole.
    titles, text = page(reader, "verzu bespreken")
    assert "Geen resultaten met ‘verzu’" in text


def test_a_half_typed_word_is_marked(reader, network, sector):
    item(network, sector, title="Verzuim bespreken", body="In het werkoverleg.")
    response = reader.get(reverse("kennisbank:search"), {"q": "verzu"})
    assert "<mark>Verzuim</mark>" in response.content.decode()


def test_a_prefix_needs_a_few_letters(reader, network, sector):
    item(network, sector, title="Verzuim bespreken", body="In het werkoverleg.")
    assert page(reader, "ve")[0] == []
    assert page(reader, "ver")[0] == []


def test_a_clear_typo_shows_the_results_of_the_correction(reader, network, sector):
    item(network, sector, title="Ziekteverzuim terugdringen", body="Bel op de eerste dag.")
    titles, text = page(reader, "ziekteverzium")
    assert titles == ["Ziekteverzuim terugdringen"]
    assert "Resultaten voor ziekteverzuim . Zoek toch naar ziekteverzium" in text
    # The words as typed, when asked: nothing, with the suggestion.
    titles, text = page(reader, "ziekteverzium", letterlijk="1")
    assert titles == []
    assert "Bedoelde je ziekteverzuim" in text


def test_a_typo_of_a_related_word_is_corrected_to_it(reader, network, sector):
    """The correction may be a word no item uses, when its related words find items; a
    similar word of the items that is less similar does not win."""
    item(network, sector, title="Persoonlijk gesprek met medewerkers", body="Elk jaar.")
    titles, text = page(reader, "personeal")
    assert titles == ["Persoonlijk gesprek met medewerkers"]
    assert "Resultaten voor personeel" in text
    assert "Bedoelde je" not in text


def test_an_unclear_typo_is_only_suggested(reader, network, sector):
    item(network, sector, title="Bouwen met hout", body="Een bus voor het gereedschap.")
    item(network, sector, title="Een bouwer zoeken", body="Via de school.")
    titles, text = page(reader, "bouwex")
    assert titles == []
    assert "Bedoelde je" in text


def test_a_typed_phrase_of_the_trade_finds_its_related_words(reader, network, sector):
    item(network, sector, title="Pensioen goed regelen", body="Met de adviseur.")
    item(network, sector, title="Een BBL-traject starten", body="Vier dagen werken.")
    titles, _text = page(reader, "oudere werknemers")
    assert titles == ["Pensioen goed regelen"]
    titles, _text = page(reader, "beroepsbegeleidende leerweg")
    assert titles == ["Een BBL-traject starten"]


def test_the_admins_groups_are_read_once_per_search(network, sector, ondernemer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kennisbank.search import SearchParams, search

    item(network, sector, title="Ziekteverzuim terugdringen", body="Bel op de eerste dag.")
    with CaptureQueriesContext(connection) as queries:
        result = search(user=ondernemer, params=SearchParams(q="ziekteverzium omlaag"))
    assert result.total == 1
    reads = [q for q in queries if "kennisbank_synonymgroup" in q["sql"]]
    assert len(reads) == 1


def test_a_group_of_one_word_is_refused_with_what_to_fix():
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from kennisbank.models import SynonymGroup

    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        SynonymGroup(words="dakdekker").full_clean()
    assert "Geef minstens twee woorden, met een komma ertussen" in str(refused.value)
