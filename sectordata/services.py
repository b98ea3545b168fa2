"""Writes of sector data: importing a file, and mapping a CBS code to one of our sectors.

An import validates everything and writes nothing unless all of it is right: rows are
streamed (never read whole) and written with one PostgreSQL COPY stream while they are
parsed, inside one transaction; a single bad cell rolls back the lot and the report lists
what to fix, by row and column. Importing the same file again changes nothing; a newer
version of the same table becomes the current one and the old version's figures go
(sessions keep frozen copies of the charts they showed). The steps live in
`sectordata.importing`.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from praktijktafel.middleware import clean_typed_text
from praktijktafel.models import Sector, User
from sectordata.importing import metadata as cbs
from sectordata.importing.cbs_rows import cbs_plan, cbs_produce
from sectordata.importing.problems import FileRefused, ImportRefused, Problems
from sectordata.importing.reading import (
    check_file,
    file_hash,
    first_line,
    tidy_csv_rows,
    xlsx_rows,
)
from sectordata.importing.report import ImportReport, import_report
from sectordata.importing.tidy_rows import TidyState, tidy_produce
from sectordata.importing.writing import (
    Channel,
    Outcome,
    dataset_finish,
    figures_stream,
    ids_reserve,
)
from sectordata.models import Dataset, DimensionValue, Indicator, SectorCode

CBS_LICENCE = "CC BY 4.0, bron: CBS"
CBS_TABLE_ID = re.compile(r"(\d{5}(?:NED|ENG))", re.IGNORECASE)
MAX_INITIAL_IDS = 100_000


def _metadata_read(path: Path) -> cbs.Metadata:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused(
            _("The metadata file is not UTF-8 text. Download it again from StatLine.")
        ) from exc
    return cbs.read_metadata(text)


def _cbs_table_id(text: str) -> str:
    """CBS writes its table ids in either case ('80472ned' in some metadata); one spelling, so
    a table imported with and without its metadata is the same table."""
    text = text.strip()
    return text.upper() if CBS_TABLE_ID.fullmatch(text) else text


def _plain_id(text: str) -> str:
    """A table id as one line of visible text: a metadata file could hold a line break or
    a control character, which no address may carry (the download link would be refused)."""
    return " ".join(clean_typed_text(text).split())


def _table_id_from_name(path: Path) -> str:
    """'80472NED' from a name like '80472NED_TypedDataSet_28112026.csv', else the name."""
    match = CBS_TABLE_ID.search(path.stem)
    return match.group(1).upper() if match else path.stem


def _cbs_import(
    dataset: Dataset, path: Path, meta: cbs.Metadata | None, problems: Problems
) -> Outcome:
    plan = cbs_plan(dataset=dataset, path=path, meta=meta)
    channel = Channel()
    expected = sum(len(labels) for labels in plan.labels.values()) + 64
    values = channel.pool(
        DimensionValue,
        ids_reserve(model=DimensionValue, count=min(expected, MAX_INITIAL_IDS)),
    )
    outcome: Outcome = figures_stream(
        produce=lambda ch: cbs_produce(
            plan=plan, path=path, channel=ch, values=values, problems=problems
        ),
        channel=channel,
    )
    dataset.period_labels = {
        code: plan.period_labels[code]
        for code in sorted(outcome.periods)
        if code in plan.period_labels
    }
    dataset.labels_from_metadata = meta is not None
    dataset_finish(dataset=dataset, problems=problems, outcome=outcome)
    return outcome


def _tidy_import(dataset: Dataset, rows_iter, problems: Problems, source: str) -> Outcome:
    sectors = list(Sector.objects.all())
    channel = Channel()
    values = channel.pool(DimensionValue, ids_reserve(model=DimensionValue, count=len(sectors) + 1))
    indicators = channel.pool(Indicator, ids_reserve(model=Indicator, count=16))
    state = TidyState()
    outcome: Outcome = figures_stream(
        produce=lambda ch: tidy_produce(
            dataset=dataset,
            rows_iter=rows_iter,
            channel=ch,
            values=values,
            indicators_pool=indicators,
            problems=problems,
            sectors=sectors,
            state=state,
        ),
        channel=channel,
    )
    if not state.header_seen:
        raise FileRefused(_("The file has no header line with column names."))
    if not dataset.source or dataset.source == "CBS StatLine":
        dataset.source = source or (", ".join(sorted(state.sources))[:150] or _("Own file"))
    dataset.dimensions = ["sector"]
    dataset.labels_from_metadata = True  # our sectors' own names
    dataset_finish(dataset=dataset, problems=problems, outcome=outcome)
    return outcome


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
        meta = _metadata_read(metadata_path) if metadata_path is not None else None
        is_cbs = fmt == "csv" and ("perioden" in first_line(path).lower() or meta is not None)
        with transaction.atomic():
            dataset = Dataset.objects.create(
                table_id=(
                    _plain_id(table_id)
                    or (_plain_id(_cbs_table_id(meta.table_id)) if meta else "")
                    or (_table_id_from_name(path) if is_cbs else f"eigen-{digest[:8]}")
                )[:100],
                title=(title or (meta.title if meta else "") or path.stem)[:300],
                source=source or ("CBS StatLine" if is_cbs else ""),
                publisher=publisher or ("Centraal Bureau voor de Statistiek" if is_cbs else ""),
                licence=(
                    licence or (meta.attribution if meta else "") or (CBS_LICENCE if is_cbs else "")
                )[:300],
                source_modified=(meta.modified if meta else "")[:40],
                file_hash=digest,
                imported_by=user,
                is_current=False,
            )
            if fmt == "xlsx":
                outcome = _tidy_import(dataset, xlsx_rows(path), problems, source)
            elif is_cbs:
                outcome = _cbs_import(dataset, path, meta, problems)
            else:
                outcome = _tidy_import(dataset, tidy_csv_rows(path), problems, source)
    except FileRefused as exc:
        problems.error(str(exc))
        return import_report(status="refused", dataset=None, problems=problems)
    except ImportRefused:
        return import_report(status="refused", dataset=None, problems=problems)
    return import_report(
        status="imported",
        dataset=dataset,
        problems=problems,
        rows=outcome.rows,
        skipped=outcome.skipped,
        periods=sorted(outcome.periods),
    )


@transaction.atomic
def sector_code_map(*, code: str, sector: Sector) -> SectorCode:
    mapping, _created = SectorCode.objects.update_or_create(
        code=code.strip(), defaults={"sector": sector}
    )
    return mapping


@transaction.atomic
def sector_code_unmap(*, code: str) -> bool:
    """Stop counting a CBS code as one of our sectors. False when it was not mapped."""
    removed, _by_model = SectorCode.objects.filter(code=code.strip()).delete()
    return removed > 0


@transaction.atomic
def dataset_remove(*, dataset_id: int) -> Dataset | None:
    """Remove one imported version of a table, with its figures. When it was the current
    version, the newest earlier version of the same table becomes current again. Returns the
    removed dataset (unsaved), or None when it was already gone: a second click changes
    nothing. Session charts keep their frozen copy."""
    dataset = Dataset.objects.select_for_update().filter(pk=dataset_id).first()
    if dataset is None:
        return None
    was_current = dataset.is_current
    dataset.delete()
    if was_current:
        earlier = (
            Dataset.objects.select_for_update()
            .filter(table_id=dataset.table_id)
            .order_by("-imported_at", "-pk")
            .first()
        )
        if earlier is not None:
            earlier.is_current = True
            earlier.save(update_fields=["is_current"])
    return dataset
