"""Sector data: import a generated 1,000,000-row StatLine CSV, and measure the physical limit
in the same run: a COPY of the very same typed figures (exported from the import's own rows)
into a fresh copy of the figure table with the same primary key and index, in one
transaction. `import_vs_typed_copy_ratio` is the import's time over that COPY's. Memory is
measured in a child process per import (peak RSS), at a quarter of the rows and at all of
them: streamed means the two stay close."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROWS = 1_000_000
SECTORS = 250  # SBI sections and divisions
SIZES = 10  # company-size classes, in the same table as a second dimension
ROOT = Path(__file__).resolve().parent.parent


def _periods(count: int) -> list[str]:
    """Mixed codes as StatLine has them: years and quarters (and months) in one column."""
    codes = []
    year = 1900
    while len(codes) < count:
        codes += [f"{year}JJ00", *(f"{year}KW0{q}" for q in range(1, 5))]
        codes += [f"{year}MM{m:02d}" for m in range(1, 13)]
        year += 1
    return codes[:count]


def write_statline(folder: Path, rows: int) -> tuple[Path, Path]:
    """A CBS TypedDataSet file with every quirk: BOM, quoted fields, padded numbers, '.' for a
    missing value, keys with trailing spaces, mixed period codes. Written line by line."""
    periods = _periods(rows // (SECTORS * SIZES) + 1)
    data = folder / f"statline_{rows}.csv"
    with data.open("w", encoding="utf-8") as out:
        out.write(
            '\ufeff"ID";"BedrijfstakkenBranchesSBI2008";"Bedrijfsgrootte";"Perioden";'
            '"OpenstaandeVacatures_1";"Ziekteverzuimpercentage_2"\n'
        )
        number = 0
        for period in periods:
            for sector in range(SECTORS):
                for size in range(SIZES):
                    if number == rows:
                        break
                    vacancies = f"{(number % 9973) / 10:>9.1f}" if number % 17 else "       ."
                    sick = f"{(number % 97) / 10:>7.1f}"
                    out.write(
                        f'"{number}";"S{sector:05d} ";"WP{size:02d} ";"{period}";'
                        f'"{vacancies}";"{sick}"\n'
                    )
                    number += 1
    meta = folder / f"statline_{rows}_metadata.csv"
    # The real metadata shape: sections named on a line of their own, unquoted headers, no
    # blank lines between sections.
    lines = [
        '"TableInfos"',
        "ID;Title;ShortTitle;Identifier;Summary;Modified;Period;Copyright",
        f'"0";"Benchtabel";"Bench";"BENCH{rows}";"";"2024-01-01T02:00:00";"";"© CBS"',
        '"DataProperties"',
        "ID;Position;ParentID;Type;Key;Title;Description;Unit;Decimals",
        '"0";"0";"";"Dimension";"BedrijfstakkenBranchesSBI2008";"Bedrijfstakken";"";"";""',
        '"1";"1";"";"Dimension";"Bedrijfsgrootte";"Bedrijfsgrootte";"";"";""',
        '"2";"2";"";"TimeDimension";"Perioden";"Perioden";"";"";""',
        '"3";"3";"";"Topic";"OpenstaandeVacatures_1";"Openstaande vacatures";"";"x 1 000";"1"',
        '"4";"4";"";"Topic";"Ziekteverzuimpercentage_2";"Ziekteverzuim";"";"%";"1"',
        '"BedrijfstakkenBranchesSBI2008"',
        "Key;Title;Description;CategoryGroupID",
        *(f'"S{s:05d}";"{10 + s % 89} Bedrijfstak {s}";"";""' for s in range(SECTORS)),
        '"Bedrijfsgrootte"',
        "Key;Title;Description;CategoryGroupID",
        *(f'"WP{s:02d}";"{s} tot {s + 1}0 werkzame personen";"";""' for s in range(SIZES)),
    ]
    meta.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return data, meta


CHILD = """
import json, resource, sys, time
from pathlib import Path
import django
django.setup()
from sectordata.services import dataset_import
start = time.perf_counter()
report = dataset_import(path=Path(sys.argv[1]), metadata_path=Path(sys.argv[2]))
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "status": report.status,
                  "rows": report.rows_imported, "figures": report.figures,
                  "dataset_id": report.dataset_id, "errors": report.errors[:3]}))
"""


def import_in_child(data: Path, meta: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(data), str(meta)],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=True,
    )
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["status"] == "imported", outcome
    return outcome


def checkpoint() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")


def copy_typed(dataset_id: int, folder: Path) -> tuple[float, int]:
    """PostgreSQL storing the very figures the import stored: exported from the import's own
    rows (not timed), then one COPY of them into a fresh copy of the figure table (`LIKE ...
    INCLUDING ALL`: the same columns, identity, primary key and index), in one transaction."""
    from django.db import connection, transaction

    from sectordata.importing.writing import FIGURE_COLUMNS
    from sectordata.models import Figure

    table = Figure._meta.db_table
    columns = ", ".join(FIGURE_COLUMNS)
    exported = folder / "typed_figures.copy"
    with (
        connection.cursor() as cursor,
        exported.open("wb") as out,
        cursor.cursor.copy(
            f"COPY (SELECT {columns} FROM {table} WHERE dataset_id = {int(dataset_id)} "  # noqa: S608
            "ORDER BY id) TO STDOUT"
        ) as copy,
    ):
        for block in copy:
            out.write(block)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_typed_copy")
        cursor.execute(f"CREATE TABLE bench_typed_copy (LIKE {table} INCLUDING ALL)")
    checkpoint()
    connection.close()
    start = time.perf_counter()
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        exported.open("rb") as handle,
        cursor.cursor.copy(f"COPY bench_typed_copy ({columns}) FROM STDIN") as copy,
    ):
        while chunk := handle.read(1 << 20):
            copy.write(chunk)
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_typed_copy")
        count = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_typed_copy")
    exported.unlink()
    return seconds, count


def run() -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-sectordata-") as folder:
        small_data, small_meta = write_statline(Path(folder), ROWS // 4)
        small = import_in_child(small_data, small_meta)
        data, meta = write_statline(Path(folder), ROWS)
        size_mb = data.stat().st_size / 1024 / 1024
        checkpoint()  # the import and the COPY both start without pending dirty pages
        full = import_in_child(data, meta)
        copy_seconds, copied = copy_typed(full["dataset_id"], Path(folder))
    assert copied == full["figures"], (copied, full["figures"])
    ratio = full["seconds"] / copy_seconds
    detail = {
        "file_mb": round(size_mb, 1),
        "figures": full["figures"],
        "typed_copy_s": round(copy_seconds, 2),
        "import_s": round(full["seconds"], 2),
        "peak_rss_mb_250k": round(small["peak_mb"]),
        "peak_rss_mb_1m": round(full["peak_mb"]),
    }
    return {
        "import_1m_rows_s": {
            "value": round(full["seconds"], 2),
            "unit": "s",
            "baseline": round(copy_seconds, 2),
            "ratio": round(ratio, 2),
            "data_size": ROWS,
            "detail": detail,
        },
        "import_vs_typed_copy_ratio": {
            "value": round(ratio, 2),
            "unit": "×",
            "baseline": round(copy_seconds, 2),
            "ratio": round(ratio, 2),
            "data_size": ROWS,
            "detail": detail,
        },
        "import_peak_rss_growth_mb": {
            "value": round(full["peak_mb"] - small["peak_mb"]),
            "unit": "MB",
            "baseline": round(small["peak_mb"]),
            "ratio": None,
            "data_size": ROWS,
            "detail": detail,
        },
    }
