"""Load the demo data of every app, idempotently, and print the demo accounts."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from demo import history
from kennisbank import demo as kennisbank_demo
from praktijktafel import demo as core_demo
from sectordata import demo as sectordata_demo
from sessions import demo as sessions_demo
from sessions import demo_turnout
from sessions.live import demo as demo_live


class Command(BaseCommand):
    help = "Load fictional demo data (safe to run more than once) and print the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load even when DEBUG is off (the demo accounts share a known password).",
        )
        parser.add_argument("--quiet", action="store_true", help="Do not print the accounts.")

    def handle(self, *args, allow_production: bool, quiet: bool, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Demo data has accounts with a known password; refusing with DEBUG off. "
                "Use --allow-production if you really mean it."
            )
        with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
            people = core_demo.load()
            sectordata_demo.load(user=people.get("coordinator@praktijktafel.example"))
            sessions_demo.load(people=people)
            sessions_demo.charts_load()
            demo_live.load()
            demo_turnout.load()
            kennisbank_demo.load(people=people)
            history.load(people=people)
        if not quiet:
            self.print_accounts()

    def print_accounts(self) -> None:
        out = self.stdout.write
        out("")
        out(self.style.SUCCESS(f"Demo accounts (log in at {settings.SITE_URL}/accounts/login/):"))
        rows = [
            ("coördinator", "coordinator@praktijktafel.example"),
            ("facilitator (bouw)", "sander.bos@praktijktafel.example"),
            ("facilitator (installatie)", "fatima.elamrani@praktijktafel.example"),
            ("kennisexpert", "joost.verhoeven@praktijktafel.example"),
            ("ondernemer (bouw)", "henk@bouwbedrijf-hendriks.example"),
            ("ondernemer (installatie)", "linda@installatie-smit.example"),
            ("beheerder (admin)", core_demo.STAFF_EMAIL),
        ]
        for role, email in rows:
            out(f"  {role:<27} {email}")
        out(f"  Password for every demo account: {core_demo.DEMO_PASSWORD}")
        out("  Or log in by code: the code email is printed in this terminal.")
        out("")
