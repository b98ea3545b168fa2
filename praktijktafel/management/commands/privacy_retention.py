"""Run daily (cron or a systemd timer): erase ondernemers who took no part for
PRIVACY_RETENTION_MONTHS (default 24): no login, no invitation answered, no session attended."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db.models import Max, Q
from django.utils import timezone

from praktijktafel.models import Membership, PrivacyRequest, Role, User
from praktijktafel.personal_data import person_erase


def inactive_people(months: int, now=None) -> list[User]:
    now = now or timezone.now()
    cutoff = now - timedelta(days=round(months * 30.44))
    team_roles = [Role.COORDINATOR, Role.FACILITATOR, Role.KENNISEXPERT]
    team = Membership.objects.filter(role__in=team_roles).values("user_id")
    people = (
        User.objects.filter(is_staff=False, is_superuser=False, date_joined__lt=cutoff)
        .exclude(pk__in=team)
        .filter(Q(last_login__isnull=True) | Q(last_login__lt=cutoff))
        .annotate(
            last_answer=Max("invitations__responded_at"),
            last_session=Max("invitations__session__starts_at"),
        )
    )
    return [
        p
        for p in people
        if (p.last_answer is None or p.last_answer < cutoff)  # type: ignore[attr-defined]
        and (p.last_session is None or p.last_session < cutoff)  # type: ignore[attr-defined]
    ]


class Command(BaseCommand):
    help = "Erase people who have taken no part for the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=None)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, months: int | None, dry_run: bool, **options):
        months = months or settings.PRIVACY_RETENTION_MONTHS
        people = inactive_people(months)
        if dry_run:
            self.stdout.write(f"would erase {len(people)} people ({months} months).")
            return
        erased = 0
        for person in people:
            try:
                person_erase(person=person, requested_by=None, kind=PrivacyRequest.Kind.RETENTION)
            except ValidationError:
                continue  # still leads a session: kept until it is handed over
            erased += 1
        self.stdout.write(f"erased {erased} people ({months} months).")
