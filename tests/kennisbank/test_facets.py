"""The filter registry (`kennisbank.facets`): a filter declared once is in the search form, the
index, the search's filter terms, its counts and the page, and in the write form when its
field is not one the form names itself. Shown with the size of the firm an item comes from."""

from __future__ import annotations

import re

import pytest
from django.http import QueryDict
from django.urls import reverse

from kennisbank.facets import BY_NAME, FACETS
from kennisbank.forms import SearchForm, SolutionForm
from kennisbank.models import FacetValue, Solution
from kennisbank.search import SearchParams, search
from tests.kennisbank.helpers import item, titles

pytestmark = pytest.mark.django_db


def test_every_declared_filter_is_a_field_of_the_search_form():
    form = SearchForm(QueryDict(""))
    assert form.is_valid()
    for facet in FACETS:
        assert facet.param in form.fields
    assert form.params().filters == {}


def test_the_firm_size_filter_from_address_to_results_and_counts(network, sector, ondernemer):
    item(network, sector, title="Buddy klein", source_size="2-4")
    item(network, sector, title="Buddy groot", source_size="20-49")
    item(network, sector, title="Buddy onbekend")
    facet = BY_NAME["firm_size"]
    form = SearchForm(QueryDict(f"q=buddy&{facet.param}=2-4&{facet.param}=reus"))
    assert form.is_valid()
    params = form.params()
    assert params.filters == {"firm_size": ["2-4"]}
    assert form.ignored == [facet.param]  # a value it cannot use is left out, and said
    assert titles(ondernemer, q="buddy", firm_size=["2-4"]) == ["Buddy klein"]
    both = titles(ondernemer, q="buddy", firm_size=["2-4", "20-49"])
    assert sorted(both) == ["Buddy groot", "Buddy klein"]
    counts = {
        o.value: o.count
        for o in search(user=ondernemer, params=SearchParams(q="buddy")).facets["firm_size"]
    }
    assert counts == {"2-4": 1, "5-9": 0, "10-19": 0, "20-49": 1}
    assert ("firm_size", "2-4") in set(FacetValue.objects.values_list("kind", "value"))


def test_the_page_shows_each_filter_in_one_loop(client, network, sector, ondernemer):
    item(network, sector, title="Buddy klein", source_size="2-4", tags=["inwerken"])
    client.force_login(ondernemer)
    html = client.get(reverse("kennisbank:search"), {"q": "buddy"}).content.decode()
    legends = re.findall(r"<legend>([^<]+)</legend>", html)
    assert legends == [
        "HR-thema",
        "Sector",
        "Past bij een bedrijf met",
        "Uitgeprobeerd bij een bedrijf met",
        "Trefwoorden",
    ]
    for facet in FACETS:
        assert f'name="{facet.param}"' in html
    assert 'id="f-herkomst-2-4"' in html and "Uitgeprobeerd bij een bedrijf met" in html
    ticked = client.get(reverse("kennisbank:search"), {"q": "buddy", "herkomst": "5-9"})
    assert 'id="f-herkomst-5-9" name="herkomst" value="5-9" checked' in ticked.content.decode()


def test_the_write_form_offers_a_filter_the_form_does_not_name(network, coordinator):
    form = SolutionForm(network=network, moderator=True)
    names = list(form.fields)
    assert names.index("source_size") == names.index("sizes") + 1
    data = {"title": "Buddy", "summary": "Kort.", "source_size": "5-9", "tags": ""}
    form = SolutionForm(data, network=network, moderator=True)
    assert form.is_valid(), form.errors
    assert form.solution_fields()["source_size"] == "5-9"
    solution = Solution(source_size="10-19")
    assert SolutionForm.initial_for(solution)["source_size"] == "10-19"
