"""manage.py import_sectordata FILE [--metadata FILE] [--table ID] [--source TEXT] [--json]"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sectordata.services import dataset_import


class Command(BaseCommand):
    help = "Import a CBS StatLine CSV (with its metadata file) or a tidy CSV/XLSX; all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--metadata", type=Path, help="the CBS metadata file")
        parser.add_argument("--table", default="", help="table id, e.g. 80472NED")
        parser.add_argument("--source", default="", help="source, e.g. CBS StatLine or UWV")
        parser.add_argument("--json", action="store_true", help="print a JSON summary")

    def handle(self, *args, **options):
        for name in ("file", "metadata"):
            path = options[name]
            if path is not None and not path.is_file():
                raise CommandError(f"Bestand niet gevonden: {path}")
        report = dataset_import(
            path=options["file"],
            metadata_path=options["metadata"],
            table_id=options["table"],
            source=options["source"],
        )
        if options["json"]:
            summary = {
                "status": report.status,
                "dataset_id": report.dataset_id,
                "table_id": report.table_id,
                "rows_imported": report.rows_imported,
                "figures": report.figures,
                "rows_skipped": report.rows_skipped,
                "categories": report.categories,
                "periods": report.periods,
                "warnings": report.warnings,
                "errors": report.errors,
            }
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
        else:
            self._human(report)
        if report.status == "refused":
            raise CommandError(f"Niet geïmporteerd: {report.error_count} probleem/problemen.")

    def _human(self, report) -> None:
        if report.status == "refused":
            for error in report.errors:
                self.stderr.write(error)
            return
        verb = "Geïmporteerd" if report.status == "imported" else "Ongewijzigd"
        self.stdout.write(
            f"{verb}: {report.table_id} ({report.title}), {report.rows_imported} rijen, "
            f"{report.figures} cijfers, perioden {', '.join(report.periods[:1])}"
            f"{' – ' + report.periods[-1] if len(report.periods) > 1 else ''}"
        )
        for warning in report.warnings:
            self.stdout.write(f"Waarschuwing: {warning}")
