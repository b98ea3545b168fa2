"""Growth: the kennisbank search, the session page and the network dashboard at 1×, 10× and
100× data (the shared data set at 1 %, 10 % and 100 %), showing that the number of queries
stays the same and that no query reads a large table from start to end.

For each page at each size: p50/p95 time over repeated requests (production settings,
in-process), the number of queries one request asks, and every query of the page run
through EXPLAIN, counting sequential scans of tables with more than 10,000 rows.
"""

from __future__ import annotations

import json
import time

from bench import dataset
from bench.stats import summary_ms

SCALES = (1, 10, 100)
SEARCHES = 60  # the first 60 of the search bench's varied queries
REPEAT = 40
LARGE_TABLE_ROWS = 10_000


def _pages(shared) -> dict[str, tuple[object, list[tuple[str, dict]]]]:
    """page name → (the person who looks, [(url, GET data), …])."""
    from django.urls import reverse

    from bench.kennisbank import search_data, varied_queries

    search = reverse("kennisbank:search")
    return {
        "search": (
            shared.reader,
            [(search, search_data(q, p)) for q, p in varied_queries()[:SEARCHES]],
        ),
        "session_page": (
            shared.facilitator,
            [(reverse("sessions:detail", args=[shared.session.pk]), {})] * REPEAT,
        ),
        "dashboard": (
            shared.coordinator,
            [(reverse("sessions:dashboard", args=[shared.networks[0].slug]), {})] * REPEAT,
        ),
    }


def _large_tables() -> set[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > %s",
            [LARGE_TABLE_ROWS],
        )
        return {row[0] for row in cursor.fetchall()}


def _seq_scans(plan: dict, large: set[str]) -> list[str]:
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in large:
        found.append(plan["Relation Name"])
    for child in plan.get("Plans", []):
        found.extend(_seq_scans(child, large))
    return found


def _explain(statements: list[str], large: set[str]) -> list[str]:
    """Replay one request's statements in a rolled-back transaction: SET and set_config as
    they were, each other SELECT through EXPLAIN; the large tables read by a sequential
    scan."""
    from django.db import connection, transaction

    found = []
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in statements:
            head = sql.lstrip().split(None, 1)[0].upper()
            if head == "SET" or sql.lstrip().upper().startswith("SELECT SET_CONFIG("):
                cursor.execute(sql)
            elif head in ("SELECT", "WITH"):
                cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                found.extend(_seq_scans(plan[0]["Plan"], large))
        transaction.set_rollback(True)
    return found


def _measure(shared) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    large = _large_tables()
    result = {}
    for name, (person, requests) in _pages(shared).items():
        client = Client()
        client.force_login(person)
        for url, data in requests[:5]:  # warm up
            client.get(url, data)
        times = []
        for url, data in requests:
            begin = time.perf_counter()
            response = client.get(url, data)
            times.append(time.perf_counter() - begin)
            assert response.status_code == 200, (name, response.status_code)
        counts, scans = set(), []
        for url, data in requests[:: max(1, len(requests) // 10)]:
            connection.queries_log.clear()  # it keeps 9,000 at most: start each count empty
            with CaptureQueriesContext(connection) as captured:
                client.get(url, data)
            counts.add(len(captured))
            scans.extend(_explain([q["sql"] for q in captured.captured_queries], large))
        result[name] = {
            **summary_ms(times),
            "queries": max(counts),
            "seq_scans": sorted(set(scans)),
        }
    return result


def _settle() -> None:
    """The import bench has just written two million figures; let the vacuum and statistics
    that autovacuum would soon do happen now, so they do not run during the 1× measurement."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def describe(data: dict) -> str:
    """The data set's size at 100× in words, for the report."""
    return (
        f"{data['solutions']:,} items, {data['past_sessions']:,} past sessions with "
        f"{data['captured_items']:,} captured items, {data['ondernemers']:,} ondernemers in "
        f"{data['networks']} networks, {data['figures_in_database']:,} sector figures"
    )


def run() -> dict:
    _settle()
    stages = {}
    for scale in SCALES:
        begin = time.perf_counter()
        shared = dataset.ensure(scale)
        grown = round(time.perf_counter() - begin, 1)
        stages[scale] = {"data": dataset.sizes(), "grow_s": grown, "pages": _measure(shared)}
        print(f"  growth {scale}×: {stages[scale]}", flush=True)

    first, last = stages[SCALES[0]], stages[SCALES[-1]]
    metrics = {}
    for page in ("search", "session_page", "dashboard"):
        at = {s: stages[s]["pages"][page] for s in SCALES}
        detail = {
            f"at_{s}x": f"p50 {at[s]['p50']} ms, p95 {at[s]['p95']} ms, {at[s]['queries']} queries"
            for s in SCALES
        }
        metrics[f"growth_{page}_p95_ratio_100x"] = {
            "value": round(at[SCALES[-1]]["p95"] / at[SCALES[0]]["p95"], 2),
            "unit": "×",
            "baseline": at[SCALES[0]]["p95"],
            "ratio": round(at[SCALES[-1]]["p95"] / at[SCALES[0]]["p95"], 2),
            "data_size": "1×, 10×, 100×",
            "detail": detail,
        }
    added = sum(last["pages"][p]["queries"] - first["pages"][p]["queries"] for p in last["pages"])
    scans = sorted({t for s in SCALES for p in stages[s]["pages"].values() for t in p["seq_scans"]})
    metrics["growth_queries_added_at_100x"] = {
        "value": added,
        "unit": "queries",
        "baseline": sum(p["queries"] for p in first["pages"].values()),
        "ratio": 0,
        "data_size": describe(last["data"]),
        "detail": {
            f"at_{s}x": {p: v["queries"] for p, v in stages[s]["pages"].items()} for s in SCALES
        },
    }
    metrics["growth_seq_scans_of_large_tables"] = {
        "value": len(scans),
        "unit": "tables",
        "baseline": 0,
        "ratio": 0,
        "data_size": describe(last["data"]),
        "detail": {"tables": scans, "grow_s": {s: stages[s]["grow_s"] for s in SCALES}},
    }
    return metrics
