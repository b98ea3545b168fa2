"""Soak: the load of `bench/load.py` (100 live sessions on gunicorn) for ten minutes, with
the memory of gunicorn's workers sampled every 15 s. Flat means the workers hold no more
after ten minutes than after the first minute; and nothing may fail."""

from __future__ import annotations

import os
import time
from pathlib import Path

from bench import load

SOAK_SECONDS = float(os.environ.get("BENCH_SOAK_SECONDS", "600"))
SAMPLE_EVERY = 15.0
WARM_UP = 60.0


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def _rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def run() -> dict:
    samples: list[tuple[float, float]] = []
    start = time.time()

    def sampler(server_pid: int, stop: float) -> None:
        while time.time() < stop:
            samples.append((time.time() - start, _rss_mb([server_pid, *_children(server_pid)])))
            time.sleep(SAMPLE_EVERY)

    outcome = load.run_load(SOAK_SECONDS, sampler=sampler)
    summary = load.summarise(outcome, SOAK_SECONDS)
    warm = [rss for at, rss in samples if at >= min(WARM_UP, SOAK_SECONDS / 2)]
    growth = round(warm[-1] - warm[0], 1) if len(warm) >= 2 else 0.0
    detail = {
        "duration_s": SOAK_SECONDS,
        "rss_mb_after_warm_up": round(warm[0], 1) if warm else None,
        "rss_mb_at_end": round(warm[-1], 1) if warm else None,
        "rss_mb_max": round(max(warm), 1) if warm else None,
        "samples": len(samples),
        "requests": summary["load_p95_ms"]["detail"]["requests"],
        "p95": summary["load_p95_ms"]["value"],
    }
    size = summary["load_p95_ms"]["data_size"]
    return {
        "soak_rss_growth_mb": {
            "value": growth,
            "unit": "MB",
            "baseline": detail["rss_mb_after_warm_up"],
            "ratio": None,
            "data_size": size,
            "detail": detail,
        },
        "soak_errors": {
            "value": summary["load_errors"]["value"],
            "unit": "count",
            "baseline": None,
            "ratio": None,
            "data_size": size,
            "detail": detail,
        },
    }
