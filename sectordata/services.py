"""Importing sector figures: validate everything, write nothing unless all of it is right.

Rows are streamed (never read whole) and written with PostgreSQL COPY inside one
transaction; a single bad cell rolls back the lot and the report lists what to fix, by row
and column. Importing the same file again changes nothing; a newer version of the same
table becomes the current one and the old version's figures go (sessions keep frozen
copies of the charts they showed).
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils.text import slugify

from praktijktafel.models import Sector, User
from sectordata.classify import classify
from sectordata.models import Dataset, DimensionValue, Figure, Indicator, SectorCode
from sectordata.parsing import cbs, tidy
from sectordata.parsing.numbers import NotANumber, cbs_number, dutch_number
from sectordata.parsing.periods import parse_period
from sectordata.parsing.problems import FileRefused, Problems

MAX_FILE_BYTES = 150 * 1024 * 1024
CHUNK = 1024 * 1024
FIGURE_COLUMNS = (
    "dataset_id",
    "indicator_id",
    "period",
    "period_kind",
    "period_start",
    "dim1_id",
    "dim2_id",
    "dim3_id",
    "dim4_id",
    "value",
)


@dataclass
class ImportReport:
    status: str  # imported, unchanged, refused
    dataset_id: int | None = None
    table_id: str = ""
    title: str = ""
    rows_imported: int = 0
    figures: int = 0
    rows_skipped: list[str] = field(default_factory=list)
    categories: dict[str, list[str]] = field(default_factory=dict)
    periods: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    error_count: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


class ImportRefused(Exception):
    def __init__(self, problems: Problems):
        super().__init__("; ".join(problems.errors[:3]))
        self.problems = problems


def file_hash(path: Path, extra: Path | None = None) -> str:
    digest = hashlib.sha256()
    for item in (path, extra):
        if item is None:
            continue
        with item.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    return digest.hexdigest()


def _check_file(path: Path) -> str:
    """'xlsx' or 'csv', or FileRefused with what is wrong."""
    size = path.stat().st_size
    if size == 0:
        raise FileRefused("Het bestand is leeg.")
    if size > MAX_FILE_BYTES:
        raise FileRefused(
            f"Het bestand is {size // (1024 * 1024)} MB; de grens is "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB. Splits het bestand of kies minder perioden."
        )
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if b"\x00" in head:
        raise FileRefused("Dit is geen CSV- of XLSX-bestand.")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:
            raise FileRefused(
                "Het bestand is geen UTF-8-tekst. Download het opnieuw als CSV (UTF-8)."
            ) from exc
    return "csv"


class _Writer:
    """Buffers figures and writes them with PostgreSQL COPY in batches. Nothing else may run
    on the connection during a COPY, so dimension values are created between batches."""

    BATCH = 50_000

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self.count = 0
        self.rows: list[tuple] = []

    def __enter__(self):
        return self

    def write(self, indicator_id: int, period: str, kind: str, start, dims: list, value) -> None:
        dims = [*dims, None, None, None, None][:4]
        self.rows.append((self.dataset.pk, indicator_id, period, kind, start, *dims, value))
        self.count += 1
        if len(self.rows) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        table = Figure._meta.db_table
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({', '.join(FIGURE_COLUMNS)}) FROM STDIN") as copy,
        ):
            for row in self.rows:
                copy.write_row(row)
        self.rows = []

    def __exit__(self, exc_type, *exc):
        if exc_type is None:
            self.flush()
        return False


class _Dimensions:
    """Dimension values of one dataset, created on first sight and cached by code."""

    def __init__(self, dataset: Dataset, labels: dict[str, dict[str, str]]):
        self.dataset = dataset
        self.labels = labels
        self.cache: dict[tuple[str, str], int] = {}

    def id_for(self, dimension: str, code: str) -> int:
        key = (dimension, code)
        found = self.cache.get(key)
        if found is not None:
            return found
        label = self.labels.get(dimension, {}).get(code) or code
        kind, sbi = classify(label)
        value = DimensionValue.objects.create(
            dataset=self.dataset,
            dimension=dimension,
            code=code,
            label=label[:300],
            kind=kind,
            sbi_code=sbi,
        )
        self.cache[key] = value.pk
        return value.pk


def _finish(dataset: Dataset, problems: Problems, rows: int, figures: int, periods: set) -> None:
    if not problems.ok:
        raise ImportRefused(problems)
    if figures == 0:
        problems.error("Er staat geen enkel cijfer in het bestand.")
        raise ImportRefused(problems)
    ordered = sorted(periods, key=lambda p: (parse_period(p)[1] is None, parse_period(p)[1], p))
    dataset.period_from, dataset.period_to = (ordered[0], ordered[-1]) if ordered else ("", "")
    dataset.row_count, dataset.figure_count = rows, figures
    dataset.warnings = problems.warnings
    previous = Dataset.objects.filter(table_id=dataset.table_id, is_current=True).exclude(
        pk=dataset.pk
    )
    for old in previous.select_for_update():
        old.is_current = False
        old.save(update_fields=["is_current"])
        with connection.cursor() as cursor:  # the newer version replaces the old figures
            table = Figure._meta.db_table
            cursor.execute(f"DELETE FROM {table} WHERE dataset_id = %s", [old.pk])  # noqa: S608
    dataset.is_current = True
    dataset.save()


def _import_cbs(dataset: Dataset, path: Path, meta: cbs.Metadata | None, problems: Problems):
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
        if ";" not in first and ("," in first or "\t" in first) and "Perioden" in first:
            raise FileRefused(
                "Verkeerd scheidingsteken: CBS-bestanden gebruiken puntkomma's (;). "
                "Download het bestand opnieuw als CSV van StatLine."
            )
        header = next(cbs.iter_rows(io.StringIO(first)))[1]
        layout = cbs.layout_from_header(header, meta)
        indicators = {}
        for _index, key in layout.topics:
            topic = (meta.topics.get(key) if meta else None) or cbs.Topic(key, key)
            indicators[key] = Indicator.objects.create(
                dataset=dataset,
                code=key,
                title=topic.title[:300],
                unit=topic.unit[:100],
                decimals=topic.decimals,
            ).pk
        dataset.dimensions = [name for _i, name in layout.dimensions]
        dims = _Dimensions(dataset, meta.labels if meta else {})
        known_periods = set(meta.labels.get(meta.time_dimension, {})) if meta else set()
        width = (
            max(
                [
                    layout.period,
                    *(i for i, _n in layout.dimensions),
                    *(i for i, _n in layout.topics),
                ]
            )
            + 1
        )
        rows = imported = 0
        periods: set[str] = set()
        skipped: list[str] = []
        with _Writer(dataset) as writer:
            for number, row in cbs.iter_rows(handle):
                number += 1  # the header was read separately
                rows += 1
                if len(row) < width:
                    problems.error(
                        f"rij {number}: {len(row)} kolommen, verwacht {width}. "
                        "Controleer het scheidingsteken (;) en de aanhalingstekens."
                    )
                    continue
                period = row[layout.period].strip()
                kind, start = parse_period(period)
                if kind == "XX":
                    problems.warn(f"Periodecode '{period}' is onbekend en is bewaard zoals hij is.")
                if known_periods and period not in known_periods:
                    problems.warn(
                        f"Periode '{period}' staat niet in het metadatabestand; "
                        "het label is de code zelf."
                    )
                dim_ids = [dims.id_for(name, row[i].strip()) for i, name in layout.dimensions]
                values = []
                for index, key in layout.topics:
                    try:
                        values.append((key, cbs_number(row[index])))
                    except NotANumber:
                        problems.error(
                            f"rij {number}, kolom {key}: '{row[index].strip()}' is geen getal"
                        )
                if not problems.ok:
                    continue
                present = [(k, v) for k, v in values if v is not None]
                if not present:
                    if len(skipped) < 50:
                        skipped.append(f"rij {number}: alle waarden ontbreken")
                    continue
                periods.add(period)
                imported += 1
                for key, value in present:
                    writer.write(indicators[key], period, kind, start, dim_ids, value)
        _finish(dataset, problems, imported, writer.count, periods)
        return imported, skipped, sorted(periods)


def _resolve_sector(text: str, sectors: list[Sector]) -> Sector | None:
    wanted = str(text).strip().lower()
    for sector in sectors:
        if wanted in (sector.slug, sector.name.lower()) or wanted.upper() in sector.sbi_codes:
            return sector
    return None


_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})\s*[-\s]?\s*[KQkq](\d)$")


def _tidy_period(text: str) -> str:
    value = str(text).strip()
    if match := _YEAR.match(value):
        return f"{match.group(1)}JJ00"
    if match := _QUARTER.match(value):
        return f"{match.group(1)}KW0{match.group(2)}"
    return value


def _import_tidy(dataset: Dataset, rows_iter, problems: Problems, source_default: str):
    header = None
    sectors = list(Sector.objects.all())
    indicators: dict[str, int] = {}
    dims = _Dimensions(dataset, {})
    rows = imported = 0
    periods: set[str] = set()
    sources: set[str] = set()
    with _Writer(dataset) as writer:
        for number, row in rows_iter:
            cells = [str(c) if not isinstance(c, int | float) else c for c in row]
            for col, text in enumerate(cells, start=1):
                if isinstance(text, str) and text.startswith("="):
                    problems.error(
                        f"rij {number}, kolom {col}: formules zijn niet toegestaan; "
                        "plak de waarden in plaats van de formule"
                    )
            if header is None:
                header = tidy.header_map([str(c) for c in cells])
                continue
            rows += 1

            def cell(name: str, cells=cells, header=header):
                index = header.get(name)
                return cells[index] if index is not None and index < len(cells) else ""

            sector = _resolve_sector(cell("sector"), sectors)
            if sector is None:
                problems.error(
                    f"rij {number}, kolom sector: '{cell('sector')}' is geen bekende sector "
                    f"(bekend: {', '.join(s.name for s in sectors)})"
                )
            indicator_name = str(cell("indicator")).strip()
            if not indicator_name:
                problems.error(f"rij {number}, kolom indicator: leeg")
            period = _tidy_period(cell("period"))
            kind, start = parse_period(period)
            if kind == "XX":
                problems.warn(f"Periode '{period}' is onbekend en is bewaard zoals hij is.")
            try:
                value = dutch_number(cell("value"))
            except NotANumber:
                problems.error(
                    f"rij {number}, kolom value: '{cell('value')}' is geen getal "
                    "(schrijf 1.500 voor vijftienhonderd en 4,8 voor vier komma acht)"
                )
                continue
            if not problems.ok or sector is None:
                continue
            if str(cell("source")).strip():
                sources.add(str(cell("source")).strip())
            if value is None:
                continue
            code = slugify(indicator_name)[:100] or "indicator"
            if code not in indicators:
                indicators[code] = Indicator.objects.create(
                    dataset=dataset,
                    code=code,
                    title=indicator_name[:300],
                    unit=str(cell("unit")).strip()[:100],
                ).pk
            dim = dims.id_for("sector", sector.slug)
            periods.add(period)
            imported += 1
            writer.write(indicators[code], period, kind, start, [dim], value)
    if header is None:
        raise FileRefused("Het bestand heeft geen kopregel met kolomnamen.")
    DimensionValue.objects.filter(dataset=dataset, dimension="sector").update(kind="sector")
    for dim_value in DimensionValue.objects.filter(dataset=dataset, dimension="sector"):
        found = _resolve_sector(dim_value.code, sectors)
        dim_value.label = found.name if found else dim_value.code
        dim_value.sbi_code = (found.sbi_codes or [""])[0] if found else ""
        dim_value.save(update_fields=["label", "sbi_code"])
    if not dataset.source or dataset.source == "CBS StatLine":
        dataset.source = source_default or (", ".join(sorted(sources))[:150] or "Eigen bestand")
    dataset.dimensions = ["sector"]
    _finish(dataset, problems, imported, writer.count, periods)
    return imported, [], sorted(periods)


def _tidy_csv_rows(path: Path):
    import csv

    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
        delimiter = ";" if first.count(";") >= first.count(",") else ","
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter)
        for number, row in enumerate(reader, start=1):
            if row and any(c.strip() for c in row):
                yield number, row


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
        fmt = _check_file(path)
        digest = file_hash(path, metadata_path)
        existing = Dataset.objects.filter(file_hash=digest).first()
        if existing is not None:
            return _report("unchanged", existing, problems, existing.row_count, [], [])
        meta = None
        if metadata_path is not None:
            meta = cbs.read_metadata(metadata_path.read_text(encoding="utf-8-sig"))
        with transaction.atomic():
            is_cbs = False
            if fmt == "csv":
                with path.open("r", encoding="utf-8-sig", newline="") as handle:
                    first = handle.readline()
                is_cbs = "perioden" in first.lower() or meta is not None
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
                rows, skipped, periods = _import_tidy(
                    dataset, tidy.iter_xlsx(path), problems, source
                )
            elif is_cbs:
                rows, skipped, periods = _import_cbs(dataset, path, meta, problems)
            else:
                rows, skipped, periods = _import_tidy(
                    dataset, _tidy_csv_rows(path), problems, source
                )
    except FileRefused as exc:
        problems.error(str(exc))
        return _report("refused", None, problems, 0, [], [])
    except ImportRefused:
        return _report("refused", None, problems, 0, [], [])
    return _report("imported", dataset, problems, rows, skipped, periods)


def _report(status, dataset, problems, rows, skipped, periods) -> ImportReport:
    report = ImportReport(
        status=status,
        rows_imported=rows,
        rows_skipped=skipped,
        periods=periods,
        warnings=problems.warnings,
        errors=problems.errors,
        error_count=problems.error_count,
    )
    if dataset is not None:
        report.dataset_id, report.table_id, report.title = (
            dataset.pk,
            dataset.table_id,
            dataset.title,
        )
        report.figures = dataset.figure_count
        categories: dict[str, list[str]] = {}
        for value in DimensionValue.objects.filter(dataset=dataset).order_by("kind", "label"):
            categories.setdefault(value.kind, []).append(value.label)
        report.categories = categories
        if status == "unchanged":
            report.warnings = ["Dit bestand is al eerder geïmporteerd; er is niets veranderd."]
            report.periods = [p for p in (dataset.period_from, dataset.period_to) if p]
    return report


def sector_code_map(*, code: str, sector: Sector) -> SectorCode:
    mapping, _created = SectorCode.objects.update_or_create(
        code=code.strip(), defaults={"sector": sector}
    )
    return mapping
