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


def test_an_item_with_every_word_is_never_called_missing(reader, network, sector):
    """With fewer than a handful of items holding every word, those with most of the words
    follow; the page must not then claim that no item has them all (the exact title typed
    read as "not found")."""
    item(network, sector, title="Flexibele werktijden in de zomer")
    item(network, sector, title="Werktijden afspreken")
    titles, text = page(reader, "flexibele werktijden")
    assert titles[0] == "Flexibele werktijden in de zomer"
    assert "Geen praktijkoplossing met al deze woorden" not in text
    assert "Eerst die met al deze woorden" in text


def test_typing_replaces_the_address_instead_of_adding_history(reader):
    """Each pause while typing updates the results; pushing every half-typed word into the
    history made Back step through them one by one. A filter or Enter still adds a step."""
    html = reader.get(reverse("kennisbank:search")).content.decode()
    box = html[html.index('<input id="q"') : html.index(">", html.index('<input id="q"'))]
    assert 'hx-trigger="input changed' in box
    typed = reader.get(
        reverse("kennisbank:search"), {"q": "verzu"}, HTTP_HX_REQUEST="true", HTTP_HX_TRIGGER="q"
    )
    assert typed["HX-Replace-Url"] == "/kennisbank/?q=verzu"
    ticked = reader.get(
        reverse("kennisbank:search"),
        {"q": "verzuim", "thema": "behouden"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TRIGGER="search-form",
    )
    assert "HX-Replace-Url" not in ticked


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


def test_a_typo_is_corrected_to_the_word_one_letter_away(reader, network, sector):
    """`personeal` shares more trigrams with `personen` than with `personeel`, but is one
    letter away from `personeel` only: that is the correction, shown with its results."""
    for n in range(3):
        item(network, sector, title=f"Personeel houden {n}", body="Met een goed gesprek.")
    item(network, sector, title="Drie personen in de bus", body="Naar de bouwplaats.")
    titles, text = page(reader, "personeal")
    assert "Resultaten voor personeel" in text
    assert "Personeel houden 0" in titles
    assert "Drie personen in de bus" not in titles


def test_swapped_letters_in_a_short_word_are_corrected(reader, network, sector):
    item(network, sector, title="Tekort aan monteurs", body="Zoek in de regio.")
    titles, text = page(reader, "tekrot")
    assert titles == ["Tekort aan monteurs"]
    assert "Resultaten voor tekort" in text


def test_of_two_words_one_letter_away_the_far_more_frequent_is_corrected_to(
    reader, network, sector
):
    for n in range(9):
        item(network, sector, title=f"In een groep leren {n}", body="Met collega's.")
    item(network, sector, title="Een groen dak", body="Met sedum.")
    titles, text = page(reader, "groeb")
    assert "Resultaten voor groep" in text
    assert "Een groen dak" not in titles


def test_a_correction_is_never_a_stop_word_or_a_word_that_finds_nothing(
    reader, network, sector, other_network
):
    item(network, sector, title="Zonder papierwerk", body="Alles op de telefoon.")
    closed = other_network
    closed.shares_kennisbank = False
    closed.save()
    # A published word the reader cannot read: it finds nothing for them.
    item(closed, sector, title="Tekort aan monteurs", body="Zoek in de regio.")
    titles, text = page(reader, "zondr")
    assert titles == []
    assert "zonder" not in text.lower().replace("zonder papierwerk", "")
    titles, text = page(reader, "tekrot")
    assert titles == []
    assert "tekort" not in text.lower()


def test_a_half_typed_word_that_is_also_a_word_finds_the_longer_words(reader, network, sector):
    """`vital` is a word of the dictionary; when no item has it, it is the start of
    `vitaliteit` as it is typed."""
    item(network, sector, title="Vitaliteit op de bouwplaats", body="Elke ochtend rekken.")
    item(network, sector, title="Samen vitaliseren", body="Met een coach.")
    item(network, sector, title="Een nieuwe bus", body="Voor het gereedschap.")
    titles, _text = page(reader, "vital")
    assert set(titles) == {"Vitaliteit op de bouwplaats", "Samen vitaliseren"}
    # The last word of several too; the item with both words first.
    titles, text = page(reader, "ochtend vital")
    assert titles[0] == "Vitaliteit op de bouwplaats"
    assert "Geen resultaten met ‘vital’" not in text


def test_a_whole_word_that_finds_items_is_not_widened_to_longer_words(reader, network, sector):
    item(network, sector, title="Een plan maken", body="Voor het jaar.")
    item(network, sector, title="Planning van de week", body="Op het bord.")
    titles, _text = page(reader, "plan")
    assert titles == ["Een plan maken"]


def test_a_whole_word_ranks_above_a_match_of_its_start_only(reader, network, sector):
    item(network, sector, title="Bouwtixplanner inrichten", body="Voor de week.")
    item(network, sector, title="Een app voor de week", body="Wij werken met Bouwtix.")
    titles, _text = page(reader, "bouwtix")
    assert titles == ["Een app voor de week", "Bouwtixplanner inrichten"]


def test_a_craftsman_is_not_any_employee(reader, network, sector):
    """A related word is not related again: `vakman` finds `vakmensen` and `vakkrachten`,
    not every item about `werknemers`."""
    item(network, sector, title="Een vakkracht vinden", body="Via de school.")
    item(network, sector, title="Nieuwe werknemers inwerken", body="Met een buddy.")
    titles, _text = page(reader, "vakman")
    assert titles == ["Een vakkracht vinden"]


def test_sick_leave_is_not_a_session_falling_through(reader, network, sector):
    item(network, sector, title="Verzuim bespreken", body="In het werkoverleg.")
    item(network, sector, title="Een sessie valt uit", body="Door het uitvallen van de trein.")
    titles, _text = page(reader, "verzuim")
    assert titles == ["Verzuim bespreken"]


def test_a_slip_in_a_form_the_items_do_not_use_is_corrected(reader, network, sector):
    """The items say `docenten`, never `docent`: `docnet` is one slip from `docent`, a form
    of the word they use."""
    item(network, sector, title="Docenten uit het mbo", body="Zij kennen de vakmensen.")
    titles, text = page(reader, "docnet")
    assert titles == ["Docenten uit het mbo"]
    assert "Resultaten voor docent" in text


def test_nothing_found_offers_a_way_on_without_typing(reader, network, sector):
    item(network, sector, title="Werktijden afspreken")
    _titles, text = page(reader, "zeilboot")
    assert "Of kijk per thema:" in text and "alle praktijkoplossingen" in text
    html = reader.get(reverse("kennisbank:search"), {"q": "zeilboot"}).content.decode()
    assert "?thema=" in html
