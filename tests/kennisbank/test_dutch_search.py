"""Dutch search through the search page (issue 18): inflections the old stemmer missed,
compounds found by their parts and ranked below the word itself, the matching part of a
compound highlighted, and honest suggestions."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from kennisbank.analysis import item_vector, parse, split
from tests.kennisbank.helpers import item, search_limit

pytestmark = pytest.mark.django_db


def found(client, query: str, **params) -> list[str]:
    """The titles the search page lists for `query`, in order."""
    response = client.get(reverse("kennisbank:search"), {"q": query, **params})
    assert response.status_code == 200
    html = response.content.decode()
    titles = re.findall(r'<h3><a href="[^"]+">(.*?)</a></h3>', html)
    return [unescape(re.sub(r"</?mark>", "", t)) for t in titles]


@pytest.fixture
def reader(client, ondernemer):
    client.force_login(ondernemer)
    return client


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("bedrijf", "Kleine bedrijven in de bouw"),  # f/v
        ("bedrijven", "Een bedrijf met zes monteurs"),
        ("stage", "Stages voor leerlingen"),
        ("huis", "Werken in huizen van klanten"),  # s/z
        ("huizen", "Een huis opnieuw isoleren"),
        ("coöperatie", "Samenwerken in coöperaties"),
        ("cooperaties", "Lid van een coöperatie"),
        ("auto", "De auto's van de zaak"),  # 's plural
        ("vakman", "Vakmensen vasthouden"),  # irregular plural
        ("vakmensen", "Een vakman zoeken"),
        ("reintegratie", "Re-integratie na ziekte"),
        ("re-integratie", "Reïntegratie na ziekte"),
    ],
)
def test_inflections_find_each_other(reader, network, sector, query, text):
    item(network, sector, title=text)
    item(network, sector, title="Iets heel anders", body="Over gereedschap en de bus.")
    assert found(reader, query) == [text]


@pytest.mark.parametrize(
    ("query", "compound"),
    [
        ("verzuim", "Ziekteverzuim omlaag"),
        ("coach", "Een verzuimcoach inhuren"),
        ("overleg", "Het ochtendoverleg kort houden"),
        ("plan", "Een ontwikkelplan per monteur"),
        ("premie", "Een aanbrengpremie voor personeel"),
        ("tijden", "Vaste werktijden"),
        ("bedrijf", "Installatiebedrijven werken samen"),
        ("tekort", "Personeelstekorten in de regio"),
        ("stage", "Stageplekken voor het mbo"),  # the start of a compound
        ("onderwijs", "Onderwijsinstellingen benaderen"),
    ],
)
def test_a_word_finds_the_compounds_it_is_part_of(reader, network, sector, query, compound):
    item(network, sector, title=compound)
    item(network, sector, title="Iets heel anders", body="Over gereedschap en de bus.")
    assert found(reader, query) == [compound]


def test_own_word_ranks_above_compound_head_above_compound_start(reader, network, sector):
    item(network, sector, title="Stageplekken vinden")
    item(network, sector, title="Een goede stage")
    item(network, sector, title="Leerlingen op stage", summary="Een snuffelstage.")
    item(network, sector, title="Een snuffelstage regelen")
    ranked = found(reader, "stage")
    # The word itself first (in either order), then the compound it ends, then the one it starts.
    assert set(ranked[:2]) == {"Een goede stage", "Leerlingen op stage"}
    assert ranked[2:] == ["Een snuffelstage regelen", "Stageplekken vinden"]


def test_the_matching_part_of_a_compound_is_highlighted(reader, network, sector):
    item(
        network,
        sector,
        title="Ziekteverzuim omlaag",
        summary="Een aanbrengpremie hielp ook.",
        body="Met een verzuimcoach en vaste werktijden daalde het ziekteverzuim.",
    )
    html = reader.get(reverse("kennisbank:search"), {"q": "verzuim"}).content.decode()
    assert "Ziekte<mark>verzuim</mark> omlaag" in html
    assert "<mark>verzuim</mark>coach" in html
    html = reader.get(reverse("kennisbank:search"), {"q": "ziekteverzuim"}).content.decode()
    assert "<mark>Ziekteverzuim</mark> omlaag" in html
    html = reader.get(reverse("kennisbank:search"), {"q": "tijd"}).content.decode()
    assert "vaste werk<mark>tijden</mark>" in html
    html = reader.get(reverse("kennisbank:search"), {"q": "premie"}).content.decode()
    assert "Een aanbreng<mark>premie</mark> hielp ook." in html


def test_did_you_mean_only_when_nothing_is_found_and_never_a_stop_word(reader, network, sector):
    item(network, sector, title="Het ochtendoverleg", body="Over de planning van de dag.")
    item(network, sector, title="Een vakman zoeken", body="Van buiten de regio.")
    item(network, sector, title="Een plant op kantoor", body="Groen werkt.")
    url = reverse("kennisbank:search")
    for query in ("overleg", "vakman"):  # each finds something: no suggestion
        html = reader.get(url, {"q": query}).content.decode()
        assert "Bedoelde je" not in html, query
    # "plan" finds nothing as a whole word here (planning is another word), but it is a
    # Dutch word, not a typo: no "Bedoelde je plant". It may be typed on: the words it starts
    # are the results (search as you type).
    html = reader.get(url, {"q": "plan"}).content.decode()
    assert "Bedoelde je" not in html and "Resultaten voor" not in html
    assert "Het ochtendoverleg" in html and "Niets gevonden" not in html
    # A misspelling gets a word that finds something, not a stop word like "over" or "van".
    html = reader.get(url, {"q": "ochtendoverlg", "letterlijk": "1"}).content.decode()
    assert 'Bedoelde je <a href="?q=ochtendoverleg&amp;letterlijk=1">ochtendoverleg</a>' in html
    # Clearly the best correction: its results are shown.
    html = reader.get(url, {"q": "ochtendoverlg"}).content.decode()
    assert "Resultaten voor <strong>ochtendoverleg</strong>" in html
    for query in ("overleggg", "vakmn"):
        html = reader.get(url, {"q": query}).content.decode()
        assert ">over<" not in html and ">van<" not in html and ">de<" not in html, query
    # Nothing similar that finds anything: no suggestion at all.
    html = reader.get(url, {"q": "xylofoon"}).content.decode()
    assert "Bedoelde je" not in html


def test_a_suggestion_always_finds_something(reader, network, sector, ondernemer):
    from kennisbank.search import SearchParams, search

    item(network, sector, title="Verzuimcoach inhuren")
    suggested = 0
    for typo in ("verzuimcoahc", "verzium", "coahc", "inhurne"):
        result = search(user=ondernemer, params=SearchParams(q=typo, literal=True))
        assert result.total == 0, typo
        if result.suggestion:
            suggested += 1
            again = search(user=ondernemer, params=SearchParams(q=result.suggestion))
            assert again.total > 0, (typo, result.suggestion)
    assert suggested


def test_compounds_split_against_the_vocabulary():
    def parts(word):
        return sorted(word[s:e] for s, e, _role in split(word))

    assert {"ziekte", "verzuim"} <= set(parts("ziekteverzuim"))
    assert {"personeel", "tekorten"} <= set(parts("personeelstekorten"))  # linking s
    assert {"aanbreng", "premie"} <= set(parts("aanbrengpremie"))  # a verb's stem
    assert {"groep", "sessies"} <= set(parts("focusgroepsessies"))  # three parts
    for word in ("beleid", "onderwijs", "plekken", "sectorale", "ondernemerschap", "planning"):
        assert parts(word) == [], word


def test_query_goes_through_the_same_analysis():
    assert parse("de het een").tsquery == ""
    assert parse("bedrijven").keys == parse("bedrijf").keys
    assert parse("vakman").keys & parse("vakmensen").keys
    assert parse("re-integratie").keys == parse("reintegratie").keys
    assert "<->" in parse('"buddy helpt"').tsquery
    assert "!" in parse("verzuim -rug").tsquery


def test_vectors_weigh_own_words_above_compound_parts():
    vector = item_vector(
        title="Ziekteverzuim", summary="Over verzuim.", tags=[], themes=[], body="Ook tijden."
    )
    assert "'ziekteverzuim':1A" in vector  # own word in the title
    assert "'verzuim':1C,4B" in vector  # the head of the compound in the title, own in summary
    assert re.search(r"'ziek':1( |$)", vector)  # the start of the compound: weight D (unmarked)
    # The best place of each head key once more, for the rank tiers: title, summary, head of
    # a compound, first part; a word only in the body has none.
    assert "'^ziekteverzuim'" in vector and "'<ziek'" in vector
    assert "'+verzuim'" in vector and "'~verzuim'" not in vector  # own word beats a part
    assert not re.search(r"'[\^+~<]tijd", vector)


def test_existing_items_are_indexed_again_by_the_command(reader, network, sector, monkeypatch):
    from kennisbank import synonyms

    # The word alone: a related word of the trade would find the old vector's stem.
    monkeypatch.setattr(synonyms, "widen", lambda words: words)
    solution = item(network, sector, title="Vakmensen vasthouden")
    with connection.cursor() as cursor:  # as an item written by the old trigger would be
        for table in ("kennisbank_solution", "kennisbank_searchentry"):
            cursor.execute(
                f"UPDATE {table} SET search_vector = to_tsvector('pt_dutch', %s) WHERE id = %s",  # noqa: S608
                [solution.title, solution.pk],
            )
    assert found(reader, "vakman") == []
    call_command("kennisbank_reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert found(reader, "vakman") == ["Vakmensen vasthouden"]


def test_a_very_broad_word_is_counted_up_to_the_cap(reader, network, sector, monkeypatch):
    search_limit(monkeypatch, "COUNT_CAP", 3)
    for n in range(5):
        item(network, sector, title=f"Verzuimregeling {n}", tags=[f"tag{n}"])
    html = reader.get(reverse("kennisbank:search"), {"q": "regeling"}).content.decode()
    assert "Meer dan 3 praktijkoplossingen" in html
    assert "eerste 3" in html
    assert '<span class="count">' not in html  # no counts that are only of the first ones
    assert len(found(reader, "regeling")) == 3
    # Below the cap everything is exact.
    html = reader.get(
        reverse("kennisbank:search"), {"q": "regeling", "tag": "tag2"}
    ).content.decode()
    assert "Meer dan" not in html
    search_limit(monkeypatch, "COUNT_CAP", 10)
    html = reader.get(reverse("kennisbank:search"), {"q": "regeling"}).content.decode()
    assert "5 praktijkoplossingen" in html and "Meer dan" not in html


def test_the_page_without_words_is_counted_up_to_the_cap_too(reader, network, sector, monkeypatch):
    search_limit(monkeypatch, "COUNT_CAP", 3)
    search_limit(monkeypatch, "PAGE_SIZE", 2)
    for n in range(5):
        item(network, sector, title=f"Oplossing {n}")
    html = reader.get(reverse("kennisbank:search")).content.decode()
    assert "Meer dan 3 praktijkoplossingen" in html and "De nieuwste staan bovenaan" in html
    assert '<span class="count">' not in html
    pages = [found(reader, "", pagina=p) for p in (1, 2, 3)]
    assert pages == [["Oplossing 4", "Oplossing 3"], ["Oplossing 2"], ["Oplossing 2"]]
    search_limit(monkeypatch, "COUNT_CAP", 10)
    html = reader.get(reverse("kennisbank:search")).content.decode()
    assert "5 praktijkoplossingen" in html and "Meer dan" not in html


def test_ing_nouns_keep_their_ing():
    assert parse("leerlings").keys & parse("leerling").keys
    assert parse("leerlingen").keys & parse("leerling").keys
    assert not parse("planning").keys & parse("plan").keys


@pytest.mark.parametrize(
    "text",
    ["auto's-test", "o'neill", "d’r zo'n", "rock-'n-roll", "a\\b", "x'-y", "'s-hertogenbosch"],
)
def test_quotes_and_backslashes_in_words_never_break_the_vectors(reader, network, sector, text):
    item(network, sector, title=f"Over {text}", body=text)
    response = reader.get(reverse("kennisbank:search"), {"q": text})
    assert response.status_code == 200
