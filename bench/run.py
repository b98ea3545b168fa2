"""`make bench`: measure every target in one run and write bench/results/latest.json and
docs/performance.md. Bounded in time; leaves nothing running."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "latest.json"
REPORT = ROOT / "docs" / "performance.md"

TARGETS = {
    "live_capture_p95_ms": ("<", 20),
    "projector_refresh_p95_ms": ("<", 25),
    # Against /healthz measured in the same run, so a busy machine does not decide the verdict.
    "projector_unchanged_vs_healthz_ratio": ("<=", 2),
    "projector_refresh_vs_healthz_ratio": ("<=", 5),
    "load_p95_ms": ("<", 100),
    "load_errors": ("==", 0),
    "import_1m_rows_s": ("<", 15),
    "import_vs_typed_copy_ratio": ("<=", 1.5),
    "import_peak_rss_growth_mb": ("<", 50),
    "kennisbank_search_p95_ms": ("<", 50),
    "kennisbank_search_speedup_vs_icontains": (">", 20),
    "kennisbank_recall_inflection": (">=", 0.98),
    "kennisbank_recall_head_compound": (">=", 0.90),
    "kennisbank_precision": (">=", 0.90),
    "kennisbank_ranking_success_at_5": (">=", 0.9),
    "kennisbank_ranking_mrr": (">=", 0.75),
    "kennisbank_recall_typo": (">=", 0.8),
    "kennisbank_recall_prefix": (">=", 0.8),
    "programme_report_p95_ms": ("<", 1000),
    "quarterly_pdf_s": ("<", 5),
    "quarterly_pdf_vs_static_ratio": ("<=", 1.5),
    "quarterly_pdf_peak_mb": ("<", 400),
    "growth_queries_added_at_100x": ("==", 0),
    "growth_seq_scans_of_large_tables": ("==", 0),
    "growth_session_page_p95_ratio_100x": ("<", 2),
    "growth_dashboard_p95_ratio_100x": ("<", 2),
    "soak_rss_growth_mb": ("<", 50),
    "soak_errors": ("==", 0),
}
# growth builds the shared data set the search bench then uses; it runs after the import
# so the figures are in the database too.
# The relevance bench runs first, on the few hundred real items alone.
BENCHES = [
    "kennisbank_relevance",
    "live",
    "load",
    "sectordata",
    "growth",
    "programme",
    "kennisbank",
    "quarterly",
    "soak",
]


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {memory}, {cpu}".strip()
    )


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def verdict(name: str, value: float) -> str:
    if name not in TARGETS:
        return ""
    op, limit = TARGETS[name]
    ok = {
        "<": value < limit,
        "<=": value <= limit,
        ">": value > limit,
        ">=": value >= limit,
        "==": value == limit,
    }[op]
    return f"{'met' if ok else 'MISSED'} ({op} {limit})"


def write_report(result: dict) -> None:
    lines = [
        "# Performance",
        "",
        f"Measured by `make bench` on {result['date']} at commit `{result['commit']}`.",
        f"Machine: {result['machine']}.",
        "",
        "| metric | value | target | data size | detail |",
        "|---|---|---|---|---|",
    ]
    for name, metric in result["metrics"].items():
        detail = metric.get("detail", {})
        short = ", ".join(
            f"{k} {v}"
            for k, v in detail.items()
            if k
            in (
                "n",
                "p50",
                "p95",
                "max",
                "server_p50",
                "server_p95",
                "requests_per_s",
                "requests_per_s_asked",
                "requests_per_s_two_free_cores_allow",
                "cpu_ms_per_request",
                "view_cores_for_the_room",
                "cpu_share_percent",
                "requests",
                "by_status",
                "file_mb",
                "figures",
                "copy_s",
                "typed_copy_s",
                "import_s",
                "peak_rss_mb_250k",
                "peak_rss_mb_1m",
                "icontains_p50",
                "icontains_p95",
                "pages",
                "app_pages_per_s",
                "static_pages_per_s",
                "peak_rss_mb",
                "rss_mb_after_warm_up",
                "rss_mb_at_end",
                "duration_s",
                "at_1x",
                "at_10x",
                "at_100x",
                "tables",
                "items",
                "queries",
                "old_stemmer_recall",
                "old_stemmer_precision",
                "sessions",
                "page_year_p50_ms",
                "quarterly_ratio",
                "programme_ratio",
                "programme_pages",
            )
        )
        lines.append(
            f"| `{name}` | {metric['value']} {metric['unit']} | {verdict(name, metric['value'])} "
            f"| {metric['data_size']} | {short} |"
        )
    notes = (
        (ROOT / "bench" / "NOTES.md").read_text() if (ROOT / "bench" / "NOTES.md").exists() else ""
    )
    REPORT.write_text("\n".join(lines) + "\n\n" + notes)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=BENCHES, action="append")
    parser.add_argument(
        "--keep-database",
        action="store_true",
        help="use the bench database as the last run left it (its data set grows, never "
        "shrinks) instead of making it afresh; not for the relevance bench, whose few "
        "items must be alone",
    )
    args = parser.parse_args()
    if args.keep_database and "kennisbank_relevance" in (args.only or BENCHES):
        parser.error("--keep-database: the relevance bench needs a fresh database")
    sys.path.insert(0, str(ROOT))
    from bench.setup import configure

    configure(fresh=not args.keep_database)
    metrics: dict = {}
    if args.only and RESULTS.exists():
        # A partial run keeps the other benches' last results (their commit is not re-measured).
        metrics = json.loads(RESULTS.read_text()).get("metrics", {})
    for name in args.only or BENCHES:
        module = __import__(f"bench.{name}", fromlist=["run"])
        print(f"bench: {name} …", flush=True)
        metrics.update(module.run())
    result = {
        "commit": commit(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "metrics": metrics,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    write_report(result)
    for name, metric in metrics.items():
        print(
            f"{name:32} {metric['value']:>10} {metric['unit']:6} {verdict(name, metric['value'])}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
