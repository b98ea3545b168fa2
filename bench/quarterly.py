"""Quarterly update: a PDF with 200 solutions and 4 charts, made in a child process (time and
peak memory), next to WeasyPrint rendering the same content as a static HTML file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

SOLUTIONS = 200
ROOT = Path(__file__).resolve().parent.parent

CHILD_APP = """
import json, resource, sys, time
import django
django.setup()
from praktijktafel.models import Network
from quarterly.selectors import quarter_content
from quarterly.pdf import render_html, render_pdf
network = Network.objects.get(slug=sys.argv[1])
year, quarter = int(sys.argv[2]), int(sys.argv[3])
start = time.perf_counter()
content = quarter_content(network=network, sector=None, year=year, quarter=quarter)
data, pages = render_pdf(content)
seconds = time.perf_counter() - start
open(sys.argv[4], "w").write(render_html(content))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "pages": pages, "peak_mb": peak, "bytes": len(data),
                  "solutions": sum(len(g.items) for g in content.solutions),
                  "charts": len(content.charts)}))
"""

CHILD_STATIC = """
import json, resource, sys, time
from weasyprint import HTML
start = time.perf_counter()
document = HTML(filename=sys.argv[1]).render(pdf_tags=True)
data = document.write_pdf(pdf_variant="pdf/ua-1")
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "pages": len(document.pages),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _child(code: str, *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def setup() -> tuple[str, int, int]:
    from django.utils import timezone

    from kennisbank import services as kb
    from kennisbank.index import solutions_index
    from kennisbank.models import Solution
    from praktijktafel import demo as core_demo
    from praktijktafel.dates import quarter_containing
    from praktijktafel.models import Network
    from sectordata import demo as sector_demo

    core_demo.load()
    sector_demo.load()
    network = Network.objects.get(slug="installatiekring-gelderse-vallei")
    sectors = list(network.sectors.values_list("pk", flat=True))
    themes = ["aantrekken", "behouden", "ontwikkelen", "vitaliseren"]
    now = timezone.now()
    for index in range(SOLUTIONS):
        item = kb.solution_create(
            network=network,
            user=None,
            title=f"Praktijkoplossing {index + 1}: inwerken met een buddy",
            summary="Een ervaren collega begeleidt de nieuwe monteur de eerste drie maanden.",
            body="Nieuwe monteurs haakten af. Nu krijgt iedereen een buddy. " * 6,
            themes=[themes[index % 4]],
            sector_ids=sectors,
            tags=["inwerken", "buddy"],
        )
        kb.solution_publish(solution=item, user=None, privacy_confirmed=True)
    Solution.objects.update(published_at=now - timedelta(minutes=5))
    solutions_index()  # the search entries' dates follow
    year, quarter = quarter_containing(now)
    return network.slug, year, quarter


def run() -> dict:
    slug, year, quarter = setup()
    with tempfile.TemporaryDirectory(prefix="bench-quarterly-") as folder:
        html_path = str(Path(folder) / "update.html")
        app = _child(CHILD_APP, slug, str(year), str(quarter), html_path)
        static = _child(CHILD_STATIC, html_path)
    assert app["solutions"] == SOLUTIONS and app["charts"] == 4, app
    detail = {
        "pages": app["pages"],
        "app_pages_per_s": round(app["pages"] / app["seconds"], 1),
        "static_pages_per_s": round(static["pages"] / static["seconds"], 1),
        "static_s": round(static["seconds"], 2),
        "peak_rss_mb": round(app["peak_mb"]),
    }
    return {
        "quarterly_pdf_s": {
            "value": round(app["seconds"], 2),
            "unit": "s",
            "baseline": round(static["seconds"], 2),
            "ratio": round(app["seconds"] / static["seconds"], 2),
            "data_size": SOLUTIONS,
            "detail": detail,
        },
        "quarterly_pdf_peak_mb": {
            "value": round(app["peak_mb"]),
            "unit": "MB",
            "baseline": round(static["peak_mb"]),
            "ratio": None,
            "data_size": SOLUTIONS,
            "detail": detail,
        },
    }
