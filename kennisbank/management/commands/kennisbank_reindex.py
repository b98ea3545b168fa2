"""`manage.py kennisbank_reindex`: write every kennisbank item's search data again (its vector,
filter codes and search entry), through the one writer, `kennisbank.index`."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from kennisbank.index import solutions_index


class Command(BaseCommand):
    help = "Write the search data of every kennisbank item again (Dutch analysis in Python)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500, help="items per transaction")

    def handle(self, *args, batch: int = 500, **options) -> None:
        start = time.perf_counter()
        count = solutions_index(batch=max(1, batch))
        seconds = time.perf_counter() - start
        self.stdout.write(f"{count} items indexed in {seconds:.1f} s")
