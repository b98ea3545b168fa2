"""Reads for the sessions app. Each selector does its own access filtering."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from praktijktafel.models import Network, Role, User
from praktijktafel.permissions import network_ids_with
from sessions.models import Invitation, Session


@dataclass
class HomeOverview:
    invitations: list[Invitation] = field(default_factory=list)
    facilitated: list[Session] = field(default_factory=list)
    expert: list[Session] = field(default_factory=list)
    coordinated_networks: list[Network] = field(default_factory=list)
    is_ondernemer: bool = False


def _upcoming(qs: QuerySet[Session]) -> QuerySet[Session]:
    return qs.filter(starts_at__gte=timezone.now()).exclude(status=Session.Status.CANCELLED)


def home_overview(*, user: User) -> HomeOverview:
    """What a person's home page shows, per role, in a fixed number of queries."""
    sessions = Session.objects.select_related("network", "sector", "facilitator")
    overview = HomeOverview()
    overview.invitations = list(
        Invitation.objects.filter(person=user, session__starts_at__gte=timezone.now())
        .exclude(session__status=Session.Status.CANCELLED)
        .select_related("session", "session__network", "session__facilitator")
        .order_by("session__starts_at")[:20]
    )
    overview.facilitated = list(_upcoming(sessions.filter(facilitator=user))[:20])
    overview.expert = list(_upcoming(sessions.filter(kennisexpert=user))[:20])
    overview.is_ondernemer = bool(network_ids_with(user, Role.ONDERNEMER))
    coordinated = network_ids_with(user, Role.COORDINATOR)
    if coordinated:
        now = timezone.now()
        overview.coordinated_networks = list(
            Network.objects.filter(pk__in=coordinated).annotate(
                upcoming_count=Count(
                    "sessions",
                    filter=Q(sessions__starts_at__gte=now)
                    & ~Q(sessions__status=Session.Status.CANCELLED),
                )
            )
        )
    return overview
