"""Kennisbank search with 100,000 published items: full-text search (with filters, counts,
ranking and snippets, as the search page asks for it) against the same search done with
`icontains`, side by side in one run."""

from __future__ import annotations

import random
import time

from bench.dataset import FULL
from bench.stats import summary_ms

ITEMS = FULL["solutions"]
TOPICS = 24

BASE = [
    "werknemer",
    "monteur",
    "leerling",
    "buddy",
    "verzuim",
    "werkdruk",
    "opleiding",
    "cursus",
    "vakantie",
    "rooster",
    "werving",
    "vacature",
    "sollicitatie",
    "inwerken",
    "begeleiding",
    "ontwikkeling",
    "gesprek",
    "beloning",
    "salaris",
    "bonus",
    "pensioen",
    "gezondheid",
    "rug",
    "knie",
    "hitte",
    "veiligheid",
    "gereedschap",
    "bus",
    "planning",
    "klant",
    "overleg",
    "team",
    "sfeer",
    "vertrouwen",
    "waardering",
    "feedback",
    "coaching",
    "mentor",
    "stage",
    "school",
    "mbo",
    "zij-instromer",
    "statushouder",
    "vrouw",
    "jongere",
    "oudere",
    "duurzaam",
    "inzetbaar",
    "flexibel",
    "deeltijd",
    "thuiswerken",
    "reistijd",
    "kilometer",
    "auto",
    "telefoon",
    "app",
    "administratie",
    "subsidie",
    "regeling",
    "cao",
    "verlof",
    "ouderschap",
    "mantelzorg",
    "burn-out",
    "stress",
    "herstel",
    "re-integratie",
    "arbo",
    "bedrijfsarts",
    "preventie",
    "ergonomie",
    "tillen",
    "steiger",
    "dak",
    "installatie",
    "warmtepomp",
    "zonnepaneel",
    "elektra",
    "loodgieter",
    "timmerman",
    "metselaar",
    "stukadoor",
    "schilder",
    "tegelzetter",
    "grondwerk",
    "bestrating",
    "uitvoerder",
    "werkvoorbereider",
    "calculator",
    "eigenaar",
    "familiebedrijf",
    "groei",
    "opvolging",
]
SUFFIXES = ["", "s", "en", "plan", "beleid", "gesprek", "regeling", "traject", "dag", "uur"]
THEMES = ["aantrekken", "behouden", "ontwikkelen", "vitaliseren"]
SIZES = ["2-4", "5-9", "10-19", "20-49"]
QUERY_COUNT = 240
BASELINE_EVERY = 10  # icontains takes about a second a search: every 10th query of the set


def varied_queries(count: int = QUERY_COUNT) -> list[tuple[str, dict]]:
    """Searches as people type them: one or two domain words (sometimes a plural), about
    half with a theme, sector or size filter, one in ten sorted by date. Deterministic."""
    rng = random.Random(11)
    queries = []
    for _ in range(count):
        words = [rng.choice(BASE) + rng.choice(["", "", "", "s", "en"])]
        if rng.random() < 0.35:
            words.append(rng.choice(BASE))
        params: dict = {}
        if rng.random() < 0.3:
            params["themes"] = [rng.choice(THEMES)]
        if rng.random() < 0.2:
            params["sectors"] = [rng.choice(["bouw", "installatietechniek", "elektrotechniek"])]
        if rng.random() < 0.15:
            params["sizes"] = [rng.choice(SIZES)]
        if rng.random() < 0.1:
            params["sort"] = "new"
        queries.append((" ".join(words), params))
    return queries


def search_data(query: str, params: dict) -> dict:
    """The search page's GET parameters for one of the varied queries."""
    data: dict = {"q": query}
    data["thema"] = params.get("themes", [])
    data["sector"] = params.get("sectors", [])
    data["grootte"] = params.get("sizes", [])
    if params.get("sort") == "new":
        data["sorteer"] = "nieuw"
    return data


def vocabulary(rng: random.Random) -> list[str]:
    words = [base + suffix for base in BASE for suffix in SUFFIXES]
    rng.shuffle(words)
    return words


def _pseudo_word(rng: random.Random) -> str:
    syllables = ["ver", "be", "ge", "ont", "aan", "werk", "lijk", "heid", "ing", "lo", "ma", "ta"]
    return "".join(rng.choices(syllables, k=rng.randint(2, 4))) + rng.choice("aeiou") + "k"


def _array(values) -> str:
    return "{" + ",".join(str(v) for v in values) + "}"


def load_items(network_ids: list[int], sector_ids: list[int], *, start: int, stop: int) -> None:
    """Published items [start, stop) through COPY, then their search data through the one
    writer the services use (`kennisbank.index`).

    Each item comes from its own generator seeded with its index, so loading in steps
    gives the same items as loading at once."""
    from django.db import connection

    from kennisbank.index import solutions_index
    from kennisbank.models import Level, Solution

    rng = random.Random(7)
    words = vocabulary(rng)
    # Items are about a topic: half their words come from its small domain vocabulary, the
    # rest from the language at large (20,000 other words). A domain word then occurs in a
    # few percent of all items, a broad one in 10-20%, as in real text.
    topics = [rng.sample(words, 25) for _ in range(TOPICS)]
    language = [_pseudo_word(rng) for _ in range(20_000)]

    columns = (
        "network_id, title, summary, body, themes, sector_ids, tags, sizes, effort, cost, "
        "links, source_quarter, source_size, status, is_public, created_at, updated_at, "
        "published_at, reviewed_at, useful_count, facet_codes"
    )
    before = Solution.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    copy_sql = f"COPY kennisbank_solution ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
        for index in range(start, stop):
            rng = random.Random(7_000_000 + index)
            topic = topics[index % TOPICS]

            def text(count: int, topic=topic, rng=rng) -> str:
                return " ".join(
                    rng.choice(topic) if rng.random() < 0.5 else rng.choice(language)
                    for _ in range(count)
                )

            when = f"2025-{index % 12 + 1:02d}-{index % 28 + 1:02d} 10:00:00+00"
            title, summary, body = text(6).capitalize(), text(14), text(rng.randint(60, 140))
            themes = rng.sample(THEMES, rng.randint(1, 2))
            sectors = rng.sample(sector_ids, rng.randint(1, len(sector_ids)))
            tags = rng.sample(words[:300], rng.randint(1, 4))
            sizes = rng.sample(SIZES, rng.randint(1, 3))
            copy.write_row(
                (
                    network_ids[index % len(network_ids)],
                    title,
                    summary,
                    body,
                    _array(themes),
                    _array(sectors),
                    _array(tags),
                    _array(sizes),
                    Level.LOW.value,
                    Level.MEDIUM.value,
                    "",
                    "",
                    "",
                    Solution.Status.PUBLISHED.value,
                    index % 10 == 0,  # one in ten shared with everybody
                    when,
                    when,
                    when,
                    when,
                    rng.randint(0, 20),
                    "{}",  # the filter codes: the writer fills them after the load
                )
            )
    solutions_index(after=before)


def icontains_search(user, query: str, params: dict):
    """The same search without full-text search: every word in title, summary or body."""
    from django.db.models import Q

    from kennisbank import selectors
    from kennisbank.models import Solution
    from praktijktafel.models import Sector

    qs = selectors.published_for(user)
    for word in query.split():
        qs = qs.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
        )
    if params.get("themes"):
        qs = qs.filter(themes__overlap=params["themes"])
    if params.get("sizes"):
        qs = qs.filter(sizes__overlap=params["sizes"])
    if params.get("sectors"):
        ids = list(Sector.objects.filter(slug__in=params["sectors"]).values_list("pk", flat=True))
        qs = qs.filter(sector_ids__overlap=ids)
    counts, ids = _one_pass(qs)
    return counts, list(Solution.objects.filter(pk__in=ids).defer("body"))


def _one_pass(qs) -> tuple[dict, list[int]]:
    """The counts per filter value (as the search counts them, over `facet_codes`), the total
    and the newest 20 of the matches, in one query: the `icontains` test, which reads every
    item's texts, runs once, as a careful implementation without full-text search would."""
    from django.db import connection

    inner, params = (
        qs.order_by().values("id", "published_at", "facet_codes").query.sql_with_params()
    )
    sql = f"""
        WITH hits AS MATERIALIZED ({inner})
        SELECT f.kind, f.value, x.c FROM (
            SELECT v, count(*) AS c FROM (SELECT unnest(facet_codes) v FROM hits) u GROUP BY v
        ) x JOIN kennisbank_facetvalue f ON f.id = x.v
        UNION ALL SELECT 'total', '', count(*) FROM hits
        UNION ALL SELECT 'page', id::text, n FROM (
            SELECT id, row_number() OVER (ORDER BY published_at DESC, id DESC) AS n FROM hits
            ORDER BY published_at DESC, id DESC LIMIT 20
        ) top
    """  # noqa: S608 - inner SQL comes from the ORM with its own parameters
    counts: dict[str, dict[str, int]] = {"theme": {}, "sector": {}, "tag": {}, "size": {}}
    page: list[tuple[int, int]] = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, value, count in cursor.fetchall():
            if kind == "page":
                page.append((count, int(value)))
            else:
                counts.setdefault(kind, {})[value] = count
    return counts, [pk for _n, pk in sorted(page)]


def run() -> dict:
    from django.test import Client
    from django.urls import reverse

    from bench import dataset

    start = time.perf_counter()
    shared = dataset.ensure(100)  # already there when the growth bench ran first
    load_seconds = time.perf_counter() - start
    reader = shared.reader

    client = Client()
    client.force_login(reader)
    url = reverse("kennisbank:search")

    def request(query: str, params: dict):
        response = client.get(url, search_data(query, params), HTTP_HX_REQUEST="true")
        assert response.status_code == 200, response.status_code

    queries = varied_queries()
    for query, params in queries[:20]:  # warm up
        request(query, params)
    # What the benches before this one wrote (the growth bench: millions of rows) is flushed
    # first, so the checkpointer does not write while this bench measures.
    from bench.sectordata import checkpoint

    checkpoint()
    # Every tenth search also with icontains, right after it: both sides of the comparison
    # are measured in the same minutes, whatever else the machine does then.
    subset = range(0, len(queries), BASELINE_EVERY)
    fts, baseline = [], []
    for index, (query, params) in enumerate(queries):
        begin = time.perf_counter()
        request(query, params)
        fts.append(time.perf_counter() - begin)
        if index in subset:
            begin = time.perf_counter()
            icontains_search(reader, query, params)
            baseline.append(time.perf_counter() - begin)

    fts_ms, base_ms = summary_ms(fts), summary_ms(baseline)
    same = summary_ms([fts[i] for i in subset])
    ratio = base_ms["p50"] / same["p50"]
    detail = {**fts_ms, "icontains_p50": base_ms["p50"], "icontains_p95": base_ms["p95"]}
    detail["queries"] = len(queries)
    detail.update(load_s=round(load_seconds, 1))
    return {
        "kennisbank_search_p95_ms": {
            "value": fts_ms["p95"],
            "unit": "ms",
            "baseline": base_ms["p95"],
            "ratio": round(ratio, 1),
            "data_size": ITEMS,
            "detail": detail,
        },
        "kennisbank_search_p50_ms": {
            "value": fts_ms["p50"],
            "unit": "ms",
            "baseline": base_ms["p50"],
            "ratio": round(ratio, 1),
            "data_size": ITEMS,
            "detail": detail,
        },
        "kennisbank_search_speedup_vs_icontains": {
            "value": round(ratio, 1),
            "unit": "×",
            "baseline": base_ms["p50"],
            "ratio": round(ratio, 1),
            "data_size": ITEMS,
            "detail": detail,
        },
    }
