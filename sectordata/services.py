"""Writes of sector data: importing a file, and mapping a CBS code to one of our sectors.

An import validates everything and writes nothing unless all of it is right: rows are
streamed (never read whole) and written with PostgreSQL COPY inside one transaction; a
single bad cell rolls back the lot and the report lists what to fix, by row and column.
Importing the same file again changes nothing; a newer version of the same table becomes
the current one and the old version's figures go (sessions keep frozen copies of the charts
they showed). The steps live in `sectordata.importing`.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from praktijktafel.models import Sector, User
from sectordata.importing import metadata as cbs
from sectordata.importing.checking import cbs_import, tidy_import
from sectordata.importing.problems import FileRefused, ImportRefused, Problems
from sectordata.importing.reading import (
    check_file,
    file_hash,
    first_line,
    tidy_csv_rows,
    xlsx_rows,
)
from sectordata.importing.report import ImportReport, import_report
from sectordata.models import Dataset, SectorCode


def dataset_import(
    *,
    path: Path,
    metadata_path: Path | None = None,
    table_id: str = "",
    source: str = "",
    publisher: str = "",
    licence: str = "",
    title: str = "",
    user: User | None = None,
) -> ImportReport:
    """Import one file. Never raises for bad input: the report says 'refused' and why."""
    problems = Problems()
    try:
        fmt = check_file(path)
        digest = file_hash(path, metadata_path)
        existing = Dataset.objects.filter(file_hash=digest).first()
        if existing is not None:
            return import_report(
                status="unchanged", dataset=existing, problems=problems, rows=existing.row_count
            )
        meta = None
        if metadata_path is not None:
            meta = cbs.read_metadata(metadata_path.read_text(encoding="utf-8-sig"))
        with transaction.atomic():
            is_cbs = False
            if fmt == "csv":
                is_cbs = "perioden" in first_line(path).lower() or meta is not None
            dataset = Dataset.objects.create(
                table_id=(
                    table_id
                    or (meta.table_id if meta else "")
                    or (f"eigen-{digest[:8]}" if not is_cbs else path.stem)
                )[:100],
                title=(title or (meta.title if meta else "") or path.stem)[:300],
                source=source or ("CBS StatLine" if is_cbs else ""),
                publisher=publisher or ("Centraal Bureau voor de Statistiek" if is_cbs else ""),
                licence=licence or ("CC BY 4.0, bron: CBS" if is_cbs else ""),
                file_hash=digest,
                imported_by=user,
                is_current=False,
            )
            if fmt == "xlsx":
                rows, skipped, periods = tidy_import(dataset, xlsx_rows(path), problems, source)
            elif is_cbs:
                rows, skipped, periods = cbs_import(dataset, path, meta, problems)
            else:
                rows, skipped, periods = tidy_import(dataset, tidy_csv_rows(path), problems, source)
    except FileRefused as exc:
        problems.error(str(exc))
        return import_report(status="refused", dataset=None, problems=problems)
    except ImportRefused:
        return import_report(status="refused", dataset=None, problems=problems)
    return import_report(
        status="imported",
        dataset=dataset,
        problems=problems,
        rows=rows,
        skipped=skipped,
        periods=periods,
    )


def sector_code_map(*, code: str, sector: Sector) -> SectorCode:
    mapping, _created = SectorCode.objects.update_or_create(
        code=code.strip(), defaults={"sector": sector}
    )
    return mapping
