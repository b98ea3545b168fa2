"""Writing checked figures: PostgreSQL COPY in batches, dimension values created on first
sight, and the new version of a table made the current one."""

from __future__ import annotations

from django.db import connection
from django.utils.translation import gettext as _

from sectordata.classify import classify
from sectordata.importing.problems import ImportRefused, Problems
from sectordata.models import Dataset, DimensionValue, Figure
from sectordata.periods import parse_period

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


class Writer:
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


class Dimensions:
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


def dataset_finish(
    *, dataset: Dataset, problems: Problems, rows: int, figures: int, periods: set
) -> None:
    """Refuse the lot if anything was wrong; else record the counts and make this version
    the current one (the old version's figures go)."""
    if not problems.ok:
        raise ImportRefused(problems)
    if figures == 0:
        problems.error(_("There is not a single figure in the file."))
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
