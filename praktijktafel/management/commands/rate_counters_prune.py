"""Run daily (cron or a systemd timer): delete the rate counters whose window has ended. A
limit restarts an ended window by itself; this only keeps the table small."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from praktijktafel.models import RateCounter


class Command(BaseCommand):
    help = "Delete rate counters whose window has ended."

    def handle(self, *args, **options):
        deleted, _ = RateCounter.objects.filter(window_ends__lte=timezone.now()).delete()
        self.stdout.write(f"deleted {deleted} ended rate counters.")
