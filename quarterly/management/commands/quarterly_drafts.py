"""Run daily (cron or a systemd timer). On the first working day of a quarter it asks for a
draft update of the quarter that just ended for every network, and mails its coordinators.
Running it again the same day, or on other days, changes nothing."""

from __future__ import annotations

from datetime import date, datetime, time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from praktijktafel.dates import (
    first_working_day,
    last_complete_quarter,
    quarter_containing,
    quarter_label,
)
from praktijktafel.models import Membership, Network, Role
from quarterly import services, tasks


class Command(BaseCommand):
    help = "On the first working day of a quarter: draft updates for the quarter that ended."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="do it today, whatever the day")
        parser.add_argument("--date", type=date.fromisoformat, help="pretend today is this date")

    def handle(self, *args, force: bool, date: date | None, **options):
        today = date or timezone.localdate()
        noon = timezone.make_aware(datetime.combine(today, time(12, 0)))
        year, quarter = quarter_containing(noon)
        if not force and today != first_working_day(year, quarter):
            self.stdout.write(f"{today}: not the first working day of a quarter; nothing to do.")
            return
        ended = last_complete_quarter(noon)
        networks = Network.objects.filter(
            pk__in=Membership.objects.filter(role=Role.COORDINATOR).values("network_id")
        )
        made = 0
        for network in networks:
            with transaction.atomic():
                update, started = services.update_request(
                    network=network,
                    sector=None,
                    year=ended[0],
                    quarter=ended[1],
                    user=None,
                    automatic=True,
                )
                if started:
                    made += 1
                    transaction.on_commit(lambda pk=update.pk: tasks.mail_draft_ready.enqueue(pk))
        self.stdout.write(f"Drafts for {quarter_label(*ended)}: {made} new.")
