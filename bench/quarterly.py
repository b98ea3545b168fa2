"""Quarterly update (a PDF with 200 solutions and 4 charts) and programme report (the same
network, the demo's year of history): each made in a child process (time and peak memory),
next to WeasyPrint rendering the same content saved as a static HTML file, in the same run.

Peak memory is the child's own high-water mark (VmHWM). Not `ru_maxrss`: on Linux that
survives exec, so a child started from the bench process reports the bench's own size
(which is how an earlier run read 431 MB for both the app and plain WeasyPrint)."""

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

PEAK = """
def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
"""

CHILD_APP = (
    PEAK
    + """
import json, sys, time
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
print(json.dumps({"seconds": seconds, "pages": pages, "peak_mb": peak_mb(), "bytes": len(data),
                  "solutions": sum(len(g.items) for g in content.solutions),
                  "charts": len(content.charts)}))
"""
)

CHILD_PROGRAMME = (
    PEAK
    + """
import json, sys, time
from datetime import timedelta
import django
django.setup()
from django.utils import timezone
from quarterly import exports
from quarterly.pdf import html_to_pdf
from praktijktafel.models import Network
from quarterly.programme import Period, programme_report
now = timezone.now()
period = Period("bench", "bench", now - timedelta(days=400), now)
start = time.perf_counter()
network = Network.objects.get(slug=sys.argv[2])
report = programme_report(network=network, period=period)
html = exports.render_html(report)
data, pages = html_to_pdf(html)
seconds = time.perf_counter() - start
open(sys.argv[1], "w").write(html)
print(json.dumps({"seconds": seconds, "pages": pages, "peak_mb": peak_mb(), "bytes": len(data),
                  "sessions": len(report.sessions)}))
"""
)

CHILD_STATIC = (
    PEAK
    + """
import json, sys, time
from weasyprint import HTML
start = time.perf_counter()
document = HTML(filename=sys.argv[1]).render(pdf_tags=True)
data = document.write_pdf(pdf_variant="pdf/ua-1")
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "pages": len(document.pages), "peak_mb": peak_mb()}))
"""
)


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

    from demo import history
    from kennisbank import services as kb
    from kennisbank.index import solutions_index
    from kennisbank.models import Solution
    from praktijktafel import demo as core_demo
    from praktijktafel.dates import quarter_containing
    from praktijktafel.models import Network
    from sectordata import demo as sector_demo

    people = core_demo.load()
    sector_demo.load()
    history.load(people=people)  # a year of sessions for the programme report
    network = Network.objects.get(slug="installatiekring-gelderse-vallei")
    sectors = list(network.sectors.values_list("pk", flat=True))
    themes = ["aantrekken", "behouden", "ontwikkelen", "vitaliseren"]
    now = timezone.now()
    made = Solution.objects.filter(network=network, title__startswith="Praktijkoplossing ")
    for index in range(made.count(), SOLUTIONS):  # none twice with --keep-database
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
    made.update(published_at=now - timedelta(minutes=5))
    solutions_index(ids=made.values_list("pk", flat=True))  # the search entries' dates follow
    year, quarter = quarter_containing(now)
    return network.slug, year, quarter


def run() -> dict:
    slug, year, quarter = setup()
    with tempfile.TemporaryDirectory(prefix="bench-quarterly-") as folder:
        html_path = str(Path(folder) / "update.html")
        app = _child(CHILD_APP, slug, str(year), str(quarter), html_path)
        static = _child(CHILD_STATIC, html_path)
        programme_path = str(Path(folder) / "programme.html")
        programme = _child(CHILD_PROGRAMME, programme_path, slug)
        programme_static = _child(CHILD_STATIC, programme_path)
    # The bench's 200 and the few the demo history published from sessions this quarter.
    assert app["solutions"] >= SOLUTIONS and app["charts"] == 4, app
    assert programme["sessions"] >= 10, programme
    quarterly_ratio = app["seconds"] / static["seconds"]
    programme_ratio = programme["seconds"] / programme_static["seconds"]
    peak = max(app["peak_mb"], programme["peak_mb"])
    detail = {
        "pages": app["pages"],
        "app_pages_per_s": round(app["pages"] / app["seconds"], 1),
        "static_pages_per_s": round(static["pages"] / static["seconds"], 1),
        "static_s": round(static["seconds"], 2),
        "peak_rss_mb": round(app["peak_mb"]),
        "static_peak_rss_mb": round(static["peak_mb"]),
        "quarterly_ratio": round(quarterly_ratio, 2),
        "programme_ratio": round(programme_ratio, 2),
        "programme_pages": programme["pages"],
        "programme_s": round(programme["seconds"], 2),
        "programme_static_s": round(programme_static["seconds"], 2),
        "programme_peak_rss_mb": round(programme["peak_mb"]),
    }
    return {
        "quarterly_pdf_s": {
            "value": round(app["seconds"], 2),
            "unit": "s",
            "baseline": round(static["seconds"], 2),
            "ratio": round(quarterly_ratio, 2),
            "data_size": SOLUTIONS,
            "detail": detail,
        },
        "quarterly_pdf_vs_static_ratio": {
            # The worse of the two PDFs: each against WeasyPrint alone on its own HTML.
            "value": round(max(quarterly_ratio, programme_ratio), 2),
            "unit": "×",
            "baseline": None,
            "ratio": None,
            "data_size": SOLUTIONS,
            "detail": detail,
        },
        "quarterly_pdf_peak_mb": {
            "value": round(peak),
            "unit": "MB",
            "baseline": round(max(static["peak_mb"], programme_static["peak_mb"])),
            "ratio": None,
            "data_size": SOLUTIONS,
            "detail": detail,
        },
    }
