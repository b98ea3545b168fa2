"""The search answered from one GIN index: rank tiers, filter values as lexemes and as counted
codes, written by the one writer (`kennisbank.index`) after every write, and pages that are the
same items whichever way they are cut."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from kennisbank.index import solutions_index
from kennisbank.models import FacetValue, Solution
from kennisbank.search import SearchParams, search
from tests.factories import SectorFactory
from tests.kennisbank.helpers import item, search_limit, titles

pytestmark = pytest.mark.django_db


def _published_days_ago(solution: Solution, days: int) -> None:
    Solution.objects.filter(pk=solution.pk).update(
        published_at=timezone.now() - timedelta(days=days)
    )
    solutions_index(ids=[solution.pk])


def test_tiers_title_then_summary_then_compound_head_then_start_then_body(
    network, sector, ondernemer
):
    # Each older than the one below it, so newest-first alone would give the reverse order.
    made = [
        item(network, sector, title="Rooster maken", summary="Kort."),
        item(network, sector, title="Planning", summary="Een rooster voor iedereen."),
        item(network, sector, title="Het nieuwe werkrooster", summary="Kort."),
        item(network, sector, title="Roosterplanning", summary="Kort."),
        item(network, sector, title="Planning", summary="Kort.", body="Met een rooster."),
    ]
    for days, solution in zip([50, 40, 30, 20, 10], made, strict=True):
        _published_days_ago(solution, days)
    assert titles(ondernemer, q="rooster") == [
        "Rooster maken",  # own word in the title
        "Planning",  # own word in the summary
        "Het nieuwe werkrooster",  # head of a compound
        "Roosterplanning",  # first part of a compound
        "Planning",  # only in the body
    ]
    ordered = search(user=ondernemer, params=SearchParams(q="rooster", sort="new")).items
    assert [s.pk for s in ordered] == [s.pk for s in reversed(made)]


def test_pages_across_tiers_show_every_match_once(network, sector, ondernemer, monkeypatch):
    search_limit(monkeypatch, "PAGE_SIZE", 3)
    for n in range(4):
        item(network, sector, title=f"Verzuim {n}")
        item(network, sector, title=f"Thema {n}", summary="Over verzuim.")
        item(network, sector, title=f"Ziekteverzuim {n}")
        item(network, sector, title=f"Anders {n}", body="Ook verzuim.")
    pages = [titles(ondernemer, q="verzuim", page=p) for p in range(1, 7)]
    assert [len(p) for p in pages] == [3, 3, 3, 3, 3, 1]
    every = [t for p in pages for t in p]
    assert len(set(every)) == 16
    # Tier by tier: the four of each tier together, in tier order.
    assert [t.split()[0] for t in every] == (
        ["Verzuim"] * 4 + ["Thema"] * 4 + ["Ziekteverzuim"] * 4 + ["Anders"] * 4
    )


def test_filters_follow_a_write_once_the_one_writer_ran(network, sector, ondernemer):
    other = SectorFactory(name="Installatie", slug="installatie")
    network.sectors.add(other)
    solution = item(network, sector, title="Buddy", themes=["behouden"], tags=["inwerken"])

    def hits(**params) -> list[str]:
        return titles(ondernemer, q="buddy", **params)

    assert hits(theme=["behouden"]) == ["Buddy"] and hits(theme=["aantrekken"]) == []
    assert hits(tag=["inwerken"]) == ["Buddy"]
    # Written by SQL, without the services: nothing in the database follows it (no trigger),
    # the one writer does when it runs (as `manage.py kennisbank_reindex` runs it).
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE kennisbank_solution SET themes = '{aantrekken}', sector_ids = %s, "
            "sizes = '{5-9}', tags = '{mentor}' WHERE id = %s",
            [[other.pk], solution.pk],
        )
    assert hits(theme=["behouden"]) == ["Buddy"]
    solutions_index(ids=[solution.pk])
    assert hits(theme=["behouden"]) == [] and hits(theme=["aantrekken"]) == ["Buddy"]
    assert hits(sector=["bouw"]) == [] and hits(sector=["installatie"]) == ["Buddy"]
    assert hits(size=["5-9"]) == ["Buddy"] and hits(tag=["inwerken"]) == []
    assert hits(tag=["mentor"]) == ["Buddy"]
    # And the counts beside the filters are of the new values.
    facets = search(user=ondernemer, params=SearchParams(q="buddy")).facets
    counts = {kind: {f.value: f.count for f in facets[kind] if f.count} for kind in facets}
    assert counts["theme"] == {"aantrekken": 1}
    assert counts["size"] == {"5-9": 1}
    assert counts["tag"] == {"mentor": 1}
    assert counts["sector"] == {"installatie": 1}


def test_a_tag_with_quotes_and_backslashes_is_a_filter_like_any_other(network, sector, ondernemer):
    odd = "it's a \\ 'tag' & | ! :*"
    item(network, sector, title="Buddy met een rare tag", tags=[odd])
    item(network, sector, title="Buddy zonder")
    assert titles(ondernemer, q="buddy", tag=[odd]) == ["Buddy met een rare tag"]
    assert titles(ondernemer, q="buddy", tag=["it's"]) == []


def test_filter_codes_name_each_value_once(network, sector):
    item(network, sector, title="Een", themes=["behouden"], tags=["buddy"])
    item(network, sector, title="Twee", themes=["behouden", "aantrekken"], tags=["buddy"])
    values = list(FacetValue.objects.values_list("kind", "value"))
    assert len(values) == len(set(values))
    assert ("theme", "behouden") in values and ("tag", "buddy") in values
    for solution in Solution.objects.all():
        named = set(
            FacetValue.objects.filter(pk__in=solution.facet_codes).values_list("kind", "value")
        )
        expected = {("theme", t) for t in solution.themes} | {("tag", t) for t in solution.tags}
        expected |= {("sector", str(s)) for s in solution.sector_ids}
        expected |= {("size", s) for s in solution.sizes}
        assert named == expected


def test_search_entries_follow_every_write_and_the_read_rule(
    network, other_network, sector, ondernemer
):
    from django.contrib.auth.models import AnonymousUser

    from kennisbank import services
    from kennisbank.models import SearchEntry
    from kennisbank.selectors import published_for, searchable_for

    def same() -> None:
        for user in (ondernemer, AnonymousUser()):
            assert set(searchable_for(user).values_list("id", flat=True)) == set(
                published_for(user).values_list("pk", flat=True)
            )

    for each in (network, other_network):  # each network's kennisbank its own
        type(each).objects.filter(pk=each.pk).update(shares_kennisbank=False)
    mine = item(network, sector, title="Buddy hier")
    theirs = item(other_network, sector, title="Buddy daar")
    draft = item(network, sector, title="Buddy concept", publish=False)
    same()
    assert titles(ondernemer, q="buddy") == ["Buddy hier"]
    # Made public (by SQL, then indexed), moved to another network, published, archived and
    # deleted: the entries follow, and the read rule is the same as for the items themselves.
    Solution.objects.filter(pk=theirs.pk).update(is_public=True)
    solutions_index(ids=[theirs.pk])
    same()
    assert sorted(titles(ondernemer, q="buddy")) == ["Buddy daar", "Buddy hier"]
    Solution.objects.filter(pk=mine.pk).update(network=other_network)
    Solution.objects.filter(pk=draft.pk).update(status=Solution.Status.PUBLISHED)
    solutions_index(ids=[mine.pk, draft.pk])
    same()
    assert sorted(titles(ondernemer, q="buddy")) == ["Buddy concept", "Buddy daar"]
    services.solution_archive(solution=Solution.objects.get(pk=draft.pk), user=None)
    Solution.objects.filter(pk=theirs.pk).delete()  # the entry goes with it (a foreign key)
    same()
    assert titles(ondernemer, q="buddy") == []
    assert SearchEntry.objects.count() == Solution.objects.count() == 2


def test_totals_are_written_as_readers_write_numbers():
    from django.utils import translation

    from kennisbank.facets import Option
    from kennisbank.search import SearchResult

    result = SearchResult(items=[], total=9715, page=1, pages=486, facets={})
    facet = Option(value="behouden", label="Behouden", count=2831, selected=False)
    with translation.override("nl"):
        assert result.total_label == "9.715" and result.cap_label == "10.000"
        assert facet.count_label == "2.831"  # the filters' counts as the total
    with translation.override("en"):
        assert result.total_label == "9,715" and facet.count_label == "2,831"
