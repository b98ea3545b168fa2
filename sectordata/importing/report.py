"""What the coordinator sees after an import: counts, periods, categories, problems."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from sectordata.importing.problems import Problems
from sectordata.models import Dataset, DimensionValue, Figure


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
    labels_are_codes: bool = False  # no metadata: labels are the codes, map them by hand


def import_report(
    *,
    status: str,
    dataset: Dataset | None,
    problems: Problems,
    rows: int = 0,
    skipped: list[str] | None = None,
    periods: list[str] | None = None,
) -> ImportReport:
    report = ImportReport(
        status=status,
        rows_imported=rows,
        rows_skipped=skipped or [],
        periods=periods or [],
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
        report.labels_are_codes = not dataset.labels_from_metadata
        categories: dict[str, list[str]] = {}
        for value in DimensionValue.objects.filter(dataset=dataset).order_by("kind", "label"):
            categories.setdefault(value.kind, []).append(value.label)
        report.categories = categories
        if status == "unchanged":
            report.warnings = [_("This file was imported before; nothing has changed.")]
            # Every period, as a first import reports them (not just the first and last).
            report.periods = sorted(
                Figure.objects.filter(dataset=dataset).values_list("period", flat=True).distinct()
            )
    return report
