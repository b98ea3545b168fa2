"""python manage.py export_sectordata TABLE_ID --format csv > table.csv"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sectordata.export import export_lines
from sectordata.models import Dataset


class Command(BaseCommand):
    help = "Write the current figures of a table in the tidy shape to standard output."

    def add_arguments(self, parser):
        parser.add_argument("table_id")
        parser.add_argument("--format", choices=["csv"], default="csv")

    def handle(self, *args, **options):
        dataset = Dataset.objects.filter(table_id=options["table_id"], is_current=True).first()
        if dataset is None:
            raise CommandError(
                _("Table %(table)s has not been imported.") % {"table": options["table_id"]}
            )
        for line in export_lines(dataset):
            self.stdout.write(line, ending="")
