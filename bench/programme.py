"""The programme report over the bench's data set: 5,000 past sessions (some cancelled) with
their invitations, attendance and evaluations, 2,000 ondernemers in 20 networks. Measured
in-process, production settings: the report for every network over all 5,000 sessions (what
the beheerder's page reads, at its largest), and the page itself for the current year."""

from __future__ import annotations

import statistics
import time
from datetime import timedelta

RUNS = 15
WARM_UP = 2


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def run() -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from bench import dataset
    from praktijktafel.models import User
    from quarterly.programme import Period, programme_report

    dataset.ensure(100, solutions=False)
    now = timezone.now()
    everything = Period("bench", "bench", now - timedelta(days=800), now + timedelta(days=100))

    timings, queries = [], set()
    for index in range(WARM_UP + RUNS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            report = programme_report(network=None, period=everything)
            elapsed = (time.perf_counter() - start) * 1000
        queries.add(len(captured.captured_queries))
        if index >= WARM_UP:
            timings.append(elapsed)
    sessions = len(report.sessions)

    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "beheer@groei.bench.example", None
    )
    client = Client()
    client.force_login(admin)
    url = reverse("quarterly:programme_all") + f"?periode={timezone.localdate().year}"
    page = []
    for index in range(WARM_UP + 5):
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, response.status_code
        if index >= WARM_UP:
            page.append(elapsed)
    return {
        "programme_report_p95_ms": {
            "value": round(_p95(timings), 1),
            "unit": "ms",
            "baseline": None,
            "ratio": None,
            "data_size": sessions,
            "detail": {
                "n": RUNS,
                "p50": round(statistics.median(timings), 1),
                "p95": round(_p95(timings), 1),
                "max": round(max(timings), 1),
                "queries": sorted(queries),
                "sessions": sessions,
                "ondernemers": dataset.sizes()["ondernemers"],
                "page_year_p50_ms": round(statistics.median(page), 1),
            },
        }
    }
