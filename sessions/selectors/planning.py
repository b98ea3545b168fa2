"""Reads for the sessions app. Each selector does its own access check or filtering."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from praktijktafel.models import Network, Role, User
from praktijktafel.permissions import Perm, has_perm, network_ids_with
from sectordata.models import Dataset
from sessions import pve
from sessions.models import Invitation, Phase, Series, Session, SessionChart


@dataclass
class HomeOverview:
    invitations: list[Invitation] = field(default_factory=list)
    facilitated: list[Session] = field(default_factory=list)
    expert: list[Session] = field(default_factory=list)
    coordinated_networks: list[Network] = field(default_factory=list)
    team_networks: list[Network] = field(default_factory=list)
    is_ondernemer: bool = False


def _upcoming(qs: QuerySet[Session]) -> QuerySet[Session]:
    return qs.filter(starts_at__gte=timezone.now()).exclude(status=Session.Status.CANCELLED)


def _invitations_counted(**filters) -> Coalesce:
    counted = (
        Invitation.objects.filter(session=OuterRef("pk"), **filters)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def _with_counts(qs: QuerySet[Session]) -> QuerySet[Session]:
    """The counts per session as subqueries, not a join with GROUP BY: PostgreSQL then counts
    only for the sessions a page shows (20 of a network's hundreds), after the LIMIT."""
    return qs.annotate(
        confirmed_count=_invitations_counted(status=Invitation.Status.CONFIRMED),
        waitlist_count=_invitations_counted(status=Invitation.Status.WAITLISTED),
        invited_count=_invitations_counted(),
        present_count=_invitations_counted(
            attendance__in=[Invitation.Attendance.PRESENT, Invitation.Attendance.LATE]
        ),
    )


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
    team = network_ids_with(user, Role.COORDINATOR, Role.FACILITATOR)
    if team:
        now = timezone.now()
        overview.team_networks = list(
            Network.objects.filter(pk__in=team).annotate(
                upcoming_count=Count(
                    "sessions",
                    filter=Q(sessions__starts_at__gte=now)
                    & ~Q(sessions__status=Session.Status.CANCELLED),
                )
            )
        )
        coordinated = set(network_ids_with(user, Role.COORDINATOR))
        overview.coordinated_networks = [n for n in overview.team_networks if n.pk in coordinated]
    return overview


def network_get_for_user(*, user: User, slug: str, perm: Perm = Perm.NETWORK_VIEW) -> Network:
    network = Network.objects.filter(slug=slug).first()
    if network is None or not has_perm(user, perm, network):
        raise Http404
    return network


@dataclass
class Dashboard:
    upcoming: list[Session]
    past: list[Session]
    checks: dict[int, list[pve.RuleResult]]
    quorum_alerts: list[Session]

    @property
    def rows(self) -> list[tuple[Session, list[pve.RuleResult]]]:
        return [(s, self.checks[s.pk]) for s in self.upcoming]


def network_dashboard(*, network: Network, now=None) -> Dashboard:
    now = now or timezone.now()
    base = _with_counts(
        Session.objects.filter(network=network).select_related("facilitator", "sector")
    ).prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("position")))
    upcoming = list(base.filter(starts_at__gte=now).order_by("starts_at")[:50])
    past = list(base.filter(starts_at__lt=now).order_by("-starts_at")[:20])
    sectors = _participant_sectors([s.pk for s in upcoming])
    charts = _chart_counts([s.pk for s in upcoming])
    checks = {
        s.pk: pve.check(
            _facts(
                s,
                s.confirmed_count,  # type: ignore[attr-defined]
                sectors.get(s.pk, []),
                charts.get(s.pk),
            ),
            now=now,
        )
        for s in upcoming
    }
    alerts = [
        s
        for s in upcoming
        if s.status == Session.Status.INVITED
        and now >= s.starts_at - pve.QUORUM_CHECK_BEFORE
        and s.confirmed_count < s.quorum  # type: ignore[attr-defined]
    ]
    return Dashboard(upcoming=upcoming, past=past, checks=checks, quorum_alerts=alerts)


def _participant_sectors(session_ids: list[int]) -> dict[int, list[int | None]]:
    result: dict[int, list[int | None]] = {pk: [] for pk in session_ids}
    rows = Invitation.objects.filter(
        session_id__in=session_ids, status=Invitation.Status.CONFIRMED
    ).values_list("session_id", "person__organisation__sector_id")
    for session_id, sector_id in rows:
        result[session_id].append(sector_id)
    return result


def _chart_counts(session_ids: list[int]) -> dict[int, int | None]:
    """Charts per session; None for all while no sector data has been imported at all."""
    if not Dataset.objects.filter(is_current=True).exists():
        return dict.fromkeys(session_ids)
    counts: dict[int, int | None] = dict.fromkeys(session_ids, 0)
    rows = (
        SessionChart.objects.filter(session_id__in=session_ids)
        .values_list("session_id")
        .annotate(n=Count("pk"))
    )
    counts.update(dict(rows))
    return counts


def _facts(
    session: Session, confirmed: int, sectors: list[int | None], charts: int | None
) -> pve.SessionFacts:
    return pve.SessionFacts(
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        phases=[
            pve.PhaseMinutes(p.minutes, p.is_landing, p.is_own_input, p.is_knowledge_input)
            for p in session.phases.all()
        ],
        capacity=session.capacity,
        quorum=session.quorum,
        confirmed=confirmed,
        participant_sectors=sectors,
        sector_id=session.sector_id,
        has_location=bool(session.venue_name.strip() and session.address.strip()),
        chart_count=charts,
        finished=session.status == Session.Status.DONE,
    )


def session_facts(session: Session) -> pve.SessionFacts:
    sectors = _participant_sectors([session.pk])[session.pk]
    return _facts(session, len(sectors), sectors, _chart_counts([session.pk])[session.pk])


SESSION_RELATED = ("network", "sector", "facilitator", "kennisexpert", "series")


def session_get_for_user(
    *,
    user: User,
    pk: int,
    perm: Perm = Perm.SESSION_VIEW,
    related: tuple[str, ...] = SESSION_RELATED,
) -> Session:
    """The session if this person may see it (or `perm`), else 404. The live screens, which
    are asked for every few seconds, pass `related=()`: a six-table join costs more to plan
    than the whole query takes to run."""
    session = Session.objects.select_related(*related).filter(pk=pk).order_by().first()
    if session is None or not has_perm(user, perm, session):
        raise Http404
    return session


def session_invitations(*, session: Session) -> list[Invitation]:
    return list(
        session.invitations.select_related("person", "person__organisation").order_by(
            "status", "waitlisted_at", "person__full_name"
        )
    )


def network_people_to_invite(*, session: Session) -> QuerySet[User]:
    """Ondernemers of the session's network who are not invited yet."""
    return (
        User.objects.filter(
            memberships__network_id=session.network_id,
            memberships__role=Role.ONDERNEMER,
            is_active=True,
        )
        .exclude(invitations__session=session)
        .select_related("organisation")
        .distinct()
        .order_by("full_name", "email")
    )


def network_facilitators(*, network_id: int) -> QuerySet[User]:
    return User.objects.filter(
        memberships__network_id=network_id, memberships__role=Role.FACILITATOR, is_active=True
    ).distinct()


def series_get_for_user(*, user: User, pk: int) -> Series:
    series = Series.objects.select_related("network", "sector").filter(pk=pk).first()
    if series is None or not has_perm(user, Perm.NETWORK_VIEW, series.network):
        raise Http404
    return series


def series_sessions(*, series: Series) -> list[Session]:
    return list(_with_counts(series.sessions.select_related("facilitator")).order_by("starts_at"))


def series_group(*, series: Series) -> QuerySet[User]:
    """Everyone who took part in (or signed up for) a session of this series."""
    return (
        User.objects.filter(
            invitations__session__series=series,
            invitations__status=Invitation.Status.CONFIRMED,
        )
        .select_related("organisation")
        .distinct()
        .order_by("full_name")
    )


__all__ = [
    "Dashboard",
    "HomeOverview",
    "home_overview",
    "network_dashboard",
    "network_facilitators",
    "network_get_for_user",
    "network_people_to_invite",
    "series_get_for_user",
    "series_group",
    "series_sessions",
    "session_facts",
    "session_get_for_user",
    "session_invitations",
]
