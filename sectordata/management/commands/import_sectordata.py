"""manage.py import_sectordata FILE [--metadata FILE] [--table ID] [--source TEXT] [--json]"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
                raise CommandError(_("File not found: %(path)s") % {"path": path})
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
                "labels_are_codes": report.labels_are_codes,
            }
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
        else:
            self._human(report)
        if report.status == "refused":
            raise CommandError(
                ngettext(
                    "Not imported: %(n)d problem.",
                    "Not imported: %(n)d problems.",
                    report.error_count,
                )
                % {"n": report.error_count}
            )

    def _human(self, report) -> None:
        if report.status == "refused":
            for error in report.errors:
                self.stderr.write(error)
            return
        verb = _("Imported") if report.status == "imported" else _("Unchanged")
        periods = ", ".join(report.periods[:1])
        if len(report.periods) > 1:
            periods += " – " + report.periods[-1]
        self.stdout.write(
            _(
                "%(verb)s: %(table)s (%(title)s), %(rows)d rows, %(figures)d figures, "
                "periods %(periods)s"
            )
            % {
                "verb": verb,
                "table": report.table_id,
                "title": report.title,
                "rows": report.rows_imported,
                "figures": report.figures,
                "periods": periods,
            }
        )
        for warning in report.warnings:
            self.stdout.write(_("Warning: %(warning)s") % {"warning": warning})
        if report.labels_are_codes:
            self.stdout.write(
                _(
                    "No metadata file was given: the labels are the codes. Import again with "
                    "--metadata, or map the codes to our sectors on the mapping screen (%(url)s)."
                )
                % {"url": reverse("sectordata:mapping")}
            )
