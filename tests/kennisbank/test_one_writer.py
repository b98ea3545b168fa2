"""One writer of the search data: `kennisbank.index`. The database holds no trigger or function
of its own that computes any of it, no other module writes it, and whatever path wrote an item
(services, demo, a load by SQL followed by the writer) leaves the same data as the writer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from kennisbank import services
from kennisbank.index import solutions_index
from kennisbank.models import SearchEntry, Solution
from tests.kennisbank.helpers import item

pytestmark = pytest.mark.django_db


def _search_data() -> dict:
    entries = {
        e.pk: (e.published_at, e.network_id, e.is_public, e.published, sorted(e.facet_codes))
        for e in SearchEntry.objects.all()
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.id, s.search_vector::text, e.search_vector::text "
            "FROM kennisbank_solution s LEFT JOIN kennisbank_searchentry e USING (id)"
        )
        vectors = {pk: (item_vector, entry_vector) for pk, item_vector, entry_vector in cursor}
    return {"entries": entries, "vectors": vectors}


def test_no_trigger_or_function_in_the_database_writes_search_data():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
            "AND tgrelid::regclass::text LIKE 'kennisbank_%%'"
        )
        assert cursor.fetchall() == []
        cursor.execute("SELECT proname FROM pg_proc WHERE proname LIKE 'kennisbank_%%'")
        assert cursor.fetchall() == []


def test_every_service_write_leaves_what_the_one_writer_computes(network, sector, coordinator):
    solution = item(network, sector, title="Buddy", tags=["inwerken"], publish=False)
    services.solution_update(
        solution=solution, user=coordinator, sizes=["5-9"], source_size="2-4", is_public=True
    )
    services.solution_publish(solution=solution, user=coordinator, privacy_confirmed=True)
    other = item(network, sector, title="Mentor", themes=["ontwikkelen"])
    services.solution_archive(solution=other, user=coordinator)
    written = _search_data()
    assert set(written["entries"]) == {solution.pk, other.pk}
    entry = SearchEntry.objects.get(pk=solution.pk)
    assert entry.published and entry.is_public and entry.published_at is not None
    assert not SearchEntry.objects.get(pk=other.pk).published
    vector = written["vectors"][solution.pk][0]
    assert "'=firm_size:2-4'" in vector and "'=size:5-9'" in vector
    assert "'=tag:inwerken'" in vector
    # The writer run again over everything changes nothing: the services wrote its result.
    assert solutions_index() == 2
    assert _search_data() == written


def test_a_load_by_sql_is_searchable_once_the_writer_ran(network, sector):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO kennisbank_solution (network_id, title, summary, body, themes, "
            "sector_ids, tags, sizes, effort, cost, links, source_quarter, source_size, status, "
            "is_public, created_at, updated_at, published_at, useful_count, facet_codes) "
            "VALUES (%s, 'Buddy', 'Kort.', '', '{behouden}', %s, '{}', '{}', '', '', '', '', "
            "'', 'published', false, now(), now(), now(), 0, '{}') RETURNING id",
            [network.pk, [sector.pk]],
        )
        (pk,) = cursor.fetchone()
    assert not SearchEntry.objects.filter(pk=pk).exists()  # nothing but the writer writes it
    assert solutions_index(after=pk - 1) == 1
    entry = SearchEntry.objects.get(pk=pk)
    assert entry.published and entry.network_id == network.pk
    Solution.objects.filter(pk=pk).delete()
    assert not SearchEntry.objects.filter(pk=pk).exists()  # and it goes with its item


def test_no_other_module_writes_search_data():
    """Only `kennisbank/index.py` writes the search entries, filter values, vectors or codes
    (the migrations that once made and dropped the triggers aside)."""
    root = Path(settings.BASE_DIR)
    packages = [
        d for d in root.iterdir() if d.is_dir() and not d.name.startswith(".") and d.name != "tests"
    ]
    writers = []
    for path in (p for package in packages for p in package.glob("**/*.py")):
        relative = path.relative_to(root).as_posix()
        if "/migrations/" in relative or relative == "kennisbank/index.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"(INSERT INTO|UPDATE|COPY)\s+kennisbank_(searchentry|facetvalue)", text):
            writers.append(relative)
        if re.search(r"SET\s+(search_vector|facet_codes)\s*=", text):
            writers.append(relative)
    assert writers == []


def test_the_bench_load_is_indexed_by_the_one_writer(network, sector):
    from bench.kennisbank import load_items

    load_items([network.pk], [sector.pk], start=0, stop=5)
    assert SearchEntry.objects.filter(published=True).count() == 5
    written = _search_data()
    assert all(item_vector == entry for item_vector, entry in written["vectors"].values())
    assert solutions_index() == 5
    assert _search_data() == written
