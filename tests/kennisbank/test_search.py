"""Kennisbank search through the selectors and the page: Dutch words, filters and their counts,
snippets, suggestions, and odd input."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from kennisbank import services
from kennisbank.index import solutions_index
from kennisbank.models import Solution
from kennisbank.search import SearchParams, search
from tests.kennisbank.helpers import item, titles
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def test_stemming_accents_and_ranking(network, sector, ondernemer):
    item(network, sector, title="Werknemers behouden met een buddy", summary="Inwerken.")
    item(
        network,
        sector,
        title="Vakantieregeling",
        summary="Over vrije dagen.",
        body="Wie een werknemer wil houden, regelt de vakantie goed.",
    )
    item(network, sector, title="Koffie in het café", summary="Informeel overleg.")
    # 'werknemer' finds 'Werknemers', and the title match ranks above the body match.
    assert titles(ondernemer, q="werknemer") == [
        "Werknemers behouden met een buddy",
        "Vakantieregeling",
    ]
    assert titles(ondernemer, q="behoud")[0] == "Werknemers behouden met een buddy"
    assert titles(ondernemer, q="cafe") == ["Koffie in het café"]  # accents ignored
    assert titles(ondernemer, q="CAFÉ") == ["Koffie in het café"]


def test_hyphenated_words_and_quoted_phrases(network, sector, ondernemer):
    item(network, sector, title="Terug na een burn-out", body="Rustig opbouwen.")
    item(network, sector, title="Zij-instromers inwerken", body="Een buddy helpt.")
    item(network, sector, title="Out of office", body="Geen burn maar rust.")
    assert titles(ondernemer, q="burn-out") == ["Terug na een burn-out"]
    assert titles(ondernemer, q="zij-instromer") == ["Zij-instromers inwerken"]
    assert titles(ondernemer, q="burn-out opbouwen") == ["Terug na een burn-out"]
    # A quoted phrase stays a phrase: the words next to each other, in this order.
    assert titles(ondernemer, q='"buddy helpt"') == ["Zij-instromers inwerken"]
    assert titles(ondernemer, q='"helpt buddy"') == []


def test_filters_with_words_give_what_each_alone_gives(network, sector, ondernemer):
    item(network, sector, title="Buddy voor leerlingen", themes=["behouden"])
    item(network, sector, title="Buddy bij verzuim", themes=["vitaliseren"])
    item(network, sector, title="Verzuim bespreken", themes=["behouden"])
    both = titles(ondernemer, q="buddy", theme=["behouden"])
    assert both == ["Buddy voor leerlingen"]


def test_misspelling_gets_a_suggestion(network, sector, ondernemer):
    item(network, sector, title="Ziekteverzuim terugdringen", body="Verzuim bespreken.")
    result = search(user=ondernemer, params=SearchParams(q="ziekteverzium", literal=True))
    assert result.total == 0
    assert result.suggestion == "ziekteverzuim"


def test_did_you_mean_keeps_the_filters_and_the_sort_order(client, network, sector, ondernemer):
    from urllib.parse import parse_qs

    item(network, sector, title="Ziekteverzuim terugdringen", themes=["behouden"])
    client.force_login(ondernemer)
    asked = {
        "q": "ziekteverzium",
        "thema": "behouden",
        "sorteer": "nieuw",
        "pagina": "2",
        "letterlijk": "1",
    }
    html = client.get(reverse("kennisbank:search"), asked).content.decode()
    href = html.split('class="suggestion">')[1].split('href="')[1].split('"')[0]
    assert parse_qs(href.lstrip("?").replace("&amp;", "&")) == {
        "q": ["ziekteverzuim"],
        "thema": ["behouden"],
        "sorteer": ["nieuw"],
        "letterlijk": ["1"],
    }


def test_a_tag_keeps_its_checkbox_id_when_the_list_changes(client, network, sector, ondernemer):
    # The focus follows the id after an update; a tag numbered by its place in the list got
    # another tag's id, and the keyboard focus jumped to that other tag.
    item(network, sector, title="Buddy", tags=["aanpak", "werving"])
    item(network, sector, title="Sportclub", tags=["werving"])
    client.force_login(ondernemer)
    url = reverse("kennisbank:search")

    def tag_ids(**params) -> dict[str, str]:
        html = client.get(url, params, HTTP_HX_REQUEST="true").content.decode()
        found = re.findall(r'id="(f-tag-[^"]+)" name="tag" value="([^"]+)"', html)
        return {value: dom_id for dom_id, value in found}

    everything = tag_ids()
    assert set(everything) == {"aanpak", "werving"} and len(set(everything.values())) == 2
    assert tag_ids(q="sportclub") == {"werving": everything["werving"]}  # now first in the list


@pytest.mark.parametrize(
    ("asked", "said"),
    [
        ({"q": "xyzzy"}, "Niets gevonden. Probeer een ander woord."),
        ({"q": '"buddy xyzzy"'}, "elk woord moet in een praktijkoplossing staan"),
        ({"q": "buddy xyzzy"}, "Geen resultaten met ‘xyzzy’; wel met ‘buddy’"),
        ({"q": "xyzzy qwrtp"}, "Niets gevonden met een van deze woorden. Probeer andere woorden."),
        ({"q": "xyzzy", "thema": "behouden"}, "Probeer een ander woord, of minder filters."),
    ],
)
def test_nothing_found_says_what_to_try(client, network, sector, ondernemer, asked, said):
    item(network, sector, title="Buddy")
    client.force_login(ondernemer)
    html = client.get(reverse("kennisbank:search"), asked).content.decode()
    assert said in html and ("filters" in said) == ("minder filters" in html)


def test_search_vector_follows_every_change(network, sector, ondernemer):
    solution = item(network, sector, title="Eerste titel")
    services.solution_update(solution=solution, user=None, title="Leerlingen begeleiden")
    assert titles(ondernemer, q="leerling") == ["Leerlingen begeleiden"]
    assert titles(ondernemer, q="eerste") == []
    # A write by SQL is not indexed by the database: the one writer does it when it runs
    # (`manage.py kennisbank_reindex`, or a loader after its load).
    Solution.objects.filter(pk=solution.pk).update(summary="Over gereedschap")
    assert titles(ondernemer, q="gereedschap") == []
    solutions_index(ids=[solution.pk])
    assert titles(ondernemer, q="gereedschap") == ["Leerlingen begeleiden"]


def test_snippets_highlight_and_escape(network, sector, ondernemer):
    item(network, sector, title="Tip", body="<b>Veiligheid</b> eerst: een toolbox meeting.")
    result = search(user=ondernemer, params=SearchParams(q="toolbox"))
    snippet = result.items[0].snippet
    assert "\x02toolbox\x03" in snippet
    from kennisbank.text import snippet_html

    html = snippet_html(snippet)
    assert "<mark>toolbox</mark>" in html and "<b>" not in html


def test_a_page_past_the_end_is_the_last_page_with_its_words_marked(network, sector, ondernemer):
    # The page is read before the counts (which say how many pages there are), so a page
    # past the end is made again as the last one.
    for n in range(23):
        item(network, sector, title=f"Buddy {n}", body=f"Een buddy helpt leerling {n}.")
    result = search(user=ondernemer, params=SearchParams(q="buddy", page=9))
    assert (result.total, result.pages, result.page) == (23, 2, 2)
    assert len(result.items) == 3
    assert all("\x02buddy\x03" in i.snippet.lower() for i in result.items)


@pytest.mark.parametrize("page", ["0", "-3", "abc", "99999999999", "1" * 30, "2.5"])
def test_odd_page_numbers_never_fail(client, network, sector, ondernemer, page):
    item(network, sector, title="Buddy voor leerlingen")
    client.force_login(ondernemer)
    response = client.get(reverse("kennisbank:search"), {"q": "buddy", "pagina": page})
    assert response.status_code == 200 and "voor leerlingen" in response.text


@pytest.mark.parametrize(
    "query",
    ["", "   ", "!!!", "?", '"', "\\", "'; DROP TABLE kennisbank_solution; --", "a" * 5000,
     "de het een", '"onafgesloten citaat', "werk & | ! ( )"],
)  # fmt: skip
def test_odd_queries_never_fail(client, network, sector, ondernemer, query):
    item(network, sector, title="Werk en privé")
    client.force_login(ondernemer)
    response = client.get(reverse("kennisbank:search"), {"q": query})
    assert response.status_code == 200
    assert Solution.objects.count() == 1


def test_only_punctuation_says_what_to_do(network, sector, ondernemer):
    result = search(user=ondernemer, params=SearchParams(q="?!"))
    assert "leestekens" in result.message


def test_a_single_letter_asks_for_a_word_not_for_a_less_common_one(network, sector, ondernemer):
    assert "minstens twee letters" in search(user=ondernemer, params=SearchParams(q="v")).message
    common = search(user=ondernemer, params=SearchParams(q="de het")).message
    assert "heel gewone woorden" in common


def test_counts_and_filters_combine(network, sector, ondernemer):
    item(network, sector, title="A", themes=["behouden"], tags=["buddy"], sizes=["5-9"])
    item(network, sector, title="B", themes=["aantrekken"], tags=["buddy", "werving"])
    item(network, sector, title="C", themes=["aantrekken"], tags=["werving"])
    result = search(user=ondernemer, params=SearchParams())
    themes = {f.value: f.count for f in result.facets["theme"]}
    assert themes["aantrekken"] == 2 and themes["behouden"] == 1
    tags = {f.value: f.count for f in result.facets["tag"]}
    assert tags == {"buddy": 2, "werving": 2}
    assert titles(ondernemer, theme=["aantrekken"], tag=["buddy"]) == ["B"]
    assert titles(ondernemer, size=["5-9"]) == ["A"]
    assert titles(ondernemer, sector=[sector.slug], sort="new")[0] == "C"


def test_a_ticked_filter_hides_the_counts_of_its_alternatives(client, network, sector, ondernemer):
    # Values of one filter are alternatives: with "behouden" ticked, "aantrekken (0)" would
    # read as "ticking it gives nothing", while ticking it gives more results.
    item(network, sector, title="A", themes=["behouden"], tags=["buddy"])
    item(network, sector, title="B", themes=["aantrekken"], tags=["buddy"])
    client.force_login(ondernemer)
    html = client.get(reverse("kennisbank:search"), {"thema": "behouden"}).content.decode()
    assert 'Behouden <span class="count">(1)</span>' in html
    assert "Aantrekken </label>" in html and "Aantrekken <span" not in html
    assert 'buddy <span class="count">(1)</span>' in html  # another filter: counted as before
    result = search(user=ondernemer, params=SearchParams(filters={"theme": ["behouden"]}))
    shown = {f.value: f.show_count for f in result.facets["theme"]}
    assert shown["behouden"] and not shown["aantrekken"]
    assert all(f.show_count for f in result.facets["tag"])


def test_htmx_gets_the_results_part_and_the_url_keeps_the_search(
    client, network, sector, ondernemer
):
    item(network, sector, title="Buddy systeem")
    client.force_login(ondernemer)
    url = reverse("kennisbank:search")
    full = client.get(url, {"q": "buddy", "thema": "behouden"})
    assert "<form" in full.content.decode() and 'value="buddy"' in full.content.decode()
    part = client.get(url, {"q": "buddy"}, HTTP_HX_REQUEST="true").content.decode()
    assert part.lstrip().startswith('<div id="results"') and "<mark>Buddy</mark> systeem" in part


def test_each_result_links_to_the_item_and_says_sectors_tags_and_use(
    client, network, sector, ondernemer
):
    # A title is plain text: its '>' and '#' stay (only a body's Markdown marks are left out).
    found = item(network, sector, title="Buddy <systeem> #1", tags=["inwerken", "r&d"])
    Solution.objects.filter(pk=found.pk).update(useful_count=3)
    item(network, sector, title="Buddy alleen", tags=[])
    client.force_login(ondernemer)
    page = client.get(reverse("kennisbank:search"), {"q": "buddy", "sorteer": "nieuw"}).content
    html = page.decode()
    assert f'href="/kennisbank/{found.pk}/buddy-systeem-1/"' in html
    assert "<mark>Buddy</mark> &lt;systeem&gt; #1</a>" in html
    assert f'<p class="meta">{sector.name} · inwerken, r&amp;d · 3 vonden het bruikbaar</p>' in html
    assert f'<p class="meta">{sector.name}</p>' in html


def test_a_screen_reader_hears_what_a_new_search_found_not_the_filters(
    client, network, sector, ondernemer
):
    item(network, sector, title="Buddy systeem")
    client.force_login(ondernemer)
    url = reverse("kennisbank:search")
    page = client.get(url, {"q": "buddy"}).content.decode()
    assert (
        '<p id="search-status" class="visually-hidden" role="status" aria-live="polite"></p>'
        in page
    )
    assert "aria-live" not in page.split('<div id="results"')[1].split(">")[0]
    part = client.get(url, {"q": "buddy"}, HTTP_HX_REQUEST="true").content.decode()
    assert '<p id="search-status" hx-swap-oob="innerHTML">1 praktijkoplossing</p>' in part
    short = client.get(url, {"q": "v"}, HTTP_HX_REQUEST="true").content.decode()
    assert "praktijkoplossing. Typ een woord van minstens twee letters.</p>" in short


def test_query_count_does_not_grow_with_items(client, network, sector, ondernemer):
    client.force_login(ondernemer)
    url = reverse("kennisbank:search")

    def queries() -> int:
        return count_queries(client, url, params={"q": "oplossing"})

    for n in range(3):
        item(network, sector, title=f"Oplossing {n}", tags=[f"tag{n}"])
    few = queries()
    for n in range(3, 30):
        item(network, sector, title=f"Oplossing {n}", tags=[f"tag{n}"])
    # With few items the page looks in every rank tier until it is full; with many, the first
    # tier fills it: never more queries than with few.
    assert queries() <= few


@pytest.mark.parametrize(
    "params",
    [
        {"q": "a\x00b"},
        {"tag": "\x00"},
        {"q": "buddy", "tag": ["\x00", "x\x00y"]},
        {"sector": "\x00"},
        {"thema": "\x00"},
        {"grootte": "\x00"},
        {"sorteer": "\x00"},
        {"pagina": "\x00"},
        {"q": "\x01\x02\x1f"},
    ],
)
def test_control_characters_in_the_address_never_fail(client, network, sector, ondernemer, params):
    # The core answers every route's unreadable address with one Dutch page (400), before
    # the search form sees it; never a server error.
    item(network, sector, title="Buddy voor leerlingen", tags=["buddy"])
    client.force_login(ondernemer)
    response = client.get(reverse("kennisbank:search"), params)
    assert response.status_code == 400
    assert "We kunnen dit adres niet lezen" in response.text


def test_bad_filter_values_are_left_out_with_a_message(client, network, sector, ondernemer):
    item(network, sector, title="Buddy voor leerlingen", themes=["behouden"], sizes=["5-9"])
    client.force_login(ondernemer)
    url = reverse("kennisbank:search")
    good = client.get(url, {"q": "buddy", "thema": "behouden"}).content.decode()
    assert "Buddy</mark> voor leerlingen" in good and "weggelaten" not in good
    # An unknown theme, size, sector or sort is left out: the valid rest still applies.
    for bad in (
        {"thema": ["behouden", "bestaat-niet"]},
        {"grootte": "reus"},
        {"sector": "geen-sector"},
        {"sorteer": "willekeurig"},
    ):
        html = client.get(url, {"q": "buddy", **bad}).content.decode()
        assert "Buddy</mark> voor leerlingen" in html, bad
        assert "weggelaten" in html, bad
    # The valid part of a mixed filter still filters.
    html = client.get(url, {"thema": ["aantrekken", "onzin"]}).content.decode()
    assert "voor leerlingen" not in html


def test_search_form_turns_the_address_into_search_params(sector):
    from django.http import QueryDict

    from kennisbank.forms import SearchForm

    data = QueryDict(
        "q=+stage%00plek+&thema=behouden&thema=x&sector=bouw&sector=nope&tag=buddy"
        "&tag=" + "t" * 60 + "&grootte=5-9&sorteer=nieuw&pagina=3"
    )
    form = SearchForm(data)
    assert form.is_valid()
    params = form.params()
    assert params.q == " stage plek "
    assert params.filters == {
        "theme": ["behouden"],
        "sector": ["bouw"],
        "tag": ["buddy", "t" * 40],
        "size": ["5-9"],
    }
    assert params.sort == "new" and params.page == 3
    assert sorted(form.ignored) == ["sector", "thema"]
    empty = SearchForm(QueryDict(""))
    assert empty.is_valid() and empty.params().page == 1 and empty.message == ""


def test_the_same_page_with_and_without_pipeline_mode(monkeypatch, network, sector, ondernemer):
    # The counts go to the database in pipeline mode, with the page prepared meanwhile; a
    # libpq without pipeline mode does the same work one step after the other.
    import psycopg

    for n in range(3):
        item(network, sector, title=f"Buddy {n}", tags=["inwerken"], body="Een buddy helpt.")
    seen = []

    def page():
        result = search(user=ondernemer, params=SearchParams(q="buddy"), present=seen.append)
        facets = {k: [(f.value, f.count) for f in v] for k, v in result.facets.items()}
        return result.total, [i.snippet for i in result.items], facets

    assert psycopg.Pipeline.is_supported()
    with_pipeline = page()
    monkeypatch.setattr(psycopg.Pipeline, "is_supported", classmethod(lambda cls: False))
    assert page() == with_pipeline
    assert with_pipeline[0] == 3 and ("inwerken", 3) in with_pipeline[2]["tag"]
    assert len(seen) == 2 and all(len(items) == 3 for items in seen)


@pytest.mark.parametrize(
    ("came_from", "back"),
    [
        (
            "http://testserver/kennisbank/?q=buddy&thema=behouden",
            "/kennisbank/?q=buddy&amp;thema=behouden",
        ),
        ("http://testserver/kennisbank/sector/bouw/?q=buddy", "/kennisbank/sector/bouw/?q=buddy"),
        ("https://elders.example/kennisbank/?q=buddy", "/kennisbank/"),  # another site
        ("http://testserver/kennisbank/schrijven/", "/kennisbank/"),  # not a search
        ("", "/kennisbank/"),
    ],
)
def test_an_item_links_back_to_the_search_it_was_found_with(
    client, network, sector, ondernemer, came_from, back
):
    found = item(network, sector, title="Buddy systeem")
    client.force_login(ondernemer)
    url = reverse("kennisbank:detail", args=[found.pk, found.slug])
    html = client.get(url, HTTP_REFERER=came_from).content.decode()
    assert f'<a href="{back}">← Kennisbank</a>' in html


def test_a_sector_page_opens_filtered_and_its_filter_can_be_unticked(
    client, network, sector, ondernemer
):
    from tests.factories import SectorFactory

    other = SectorFactory(name="Installatietechniek", slug="installatietechniek")
    item(network, sector, title="Buddy in de bouw")
    item(network, other, title="Buddy in de installatie")
    client.force_login(ondernemer)
    url = reverse("kennisbank:sector", args=["bouw"])

    def seen(params=None, **headers):
        html = client.get(url, params or {}, **headers).content.decode()
        return [t for t in ("Buddy in de bouw", "Buddy in de installatie") if t in html], html

    found, html = seen()  # arriving by a link: its sector ticked
    assert found == ["Buddy in de bouw"] and '<h1 id="page-heading">Kennisbank: Bouw</h1>' in html
    assert seen({"pagina": "1"})[0] == ["Buddy in de bouw"]  # a pager link keeps it
    # The form always sends the sort order: then the ticks are the person's own.
    # Without JavaScript the address becomes the kennisbank's own, with the same search.
    response = client.get(url, {"q": "", "sorteer": "relevantie"})
    assert response.status_code == 302
    assert response.url == reverse("kennisbank:search") + "?q=&sorteer=relevantie"
    html = client.get(response.url).content.decode()
    assert "Buddy in de bouw" in html and "Buddy in de installatie" in html
    assert '<h1 id="page-heading">Kennisbank</h1>' in html
    # The live search: the results, and the address pushed is the kennisbank's.
    response = client.get(url, {"q": "buddy", "sorteer": "relevantie"}, HTTP_HX_REQUEST="true")
    part = response.content.decode()
    assert "</mark> in de bouw" in part and "</mark> in de installatie" in part
    assert '<span id="page-heading" hx-swap-oob="innerHTML">Kennisbank</span>' in part
    assert response["HX-Push-Url"] == reverse("kennisbank:search") + "?q=buddy&sorteer=relevantie"
    found, part = seen({"sector": ["bouw", "installatietechniek"], "sorteer": "relevantie"},
                       HTTP_HX_REQUEST="true")  # fmt: skip
    assert (
        len(found) == 2
        and '<span id="page-heading" hx-swap-oob="innerHTML">Kennisbank: Bouw' in part
    )
