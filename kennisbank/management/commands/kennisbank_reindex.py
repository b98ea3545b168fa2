"""`manage.py kennisbank_reindex`: compute every kennisbank item's search vectors again."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from kennisbank.services import solutions_reindex


class Command(BaseCommand):
    help = "Compute the search vectors of every kennisbank item again (Dutch analysis in Python)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500, help="items per transaction")

    def handle(self, *args, batch: int = 500, **options) -> None:
        start = time.perf_counter()
        count = solutions_reindex(batch=max(1, batch))
        seconds = time.perf_counter() - start
        self.stdout.write(f"{count} items indexed in {seconds:.1f} s")
