"""Reads for the overviews: a person's home page, a network's dashboard, a series."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from praktijktafel.models import Network, Role, User
from praktijktafel.permissions import (
    EXPERT_ROLES,
    FACILITATING_ROLES,
    Perm,
    has_perm,
    network_ids_with,
)
from sessions import pve
from sessions.models import ActionFollowUp, Capture, Invitation, Phase, Series, Session
from sessions.models.planning import SessionQuerySet
from sessions.selectors.sessions import (
    chart_counts,
    participant_sectors,
    session_facts_build,
    with_counts,
)
from sessions.selectors.turnout_expected import Expected, expected_turnout, turnout_history


@dataclass
class HomeOverview:
    invitations: list[Invitation] = field(default_factory=list)
    facilitated: list[Session] = field(default_factory=list)
    expert: list[Session] = field(default_factory=list)
    coordinated_networks: list[Network] = field(default_factory=list)
    team_networks: list[Network] = field(default_factory=list)
    is_ondernemer: bool = False


# A session lies ahead while it is planned: started or finished early, it no longer does.


def _upcoming(qs: SessionQuerySet) -> SessionQuerySet:
    return qs.running_or_upcoming().order_by("starts_at")


def home_overview(*, user: User) -> HomeOverview:
    """What a person's home page shows, per role, in a fixed number of queries."""
    sessions = Session.objects.select_related("network", "sector", "facilitator")
    overview = HomeOverview()
    overview.invitations = list(
        Invitation.objects.filter(
            person=user, session__starts_at__gte=timezone.now(), session__status__in=Session.PLANNED
        )
        .select_related("session", "session__network", "session__facilitator")
        .order_by("session__starts_at")[:20]
    )
    # Named on a session counts only while the person still holds a team role there.
    runs_in = network_ids_with(user, *FACILITATING_ROLES)
    advises_in = network_ids_with(user, *EXPERT_ROLES)
    overview.facilitated = list(
        _upcoming(sessions.filter(facilitator=user, network_id__in=runs_in))[:20]
    )
    overview.expert = list(
        _upcoming(sessions.filter(kennisexpert=user, network_id__in=advises_in))[:20]
    )
    overview.is_ondernemer = bool(network_ids_with(user, Role.ONDERNEMER))
    team = network_ids_with(user, Role.COORDINATOR, Role.FACILITATOR)
    if team:
        now = timezone.now()
        overview.team_networks = list(
            Network.objects.filter(pk__in=team).annotate(
                upcoming_count=Count(
                    "sessions",
                    filter=Q(sessions__starts_at__gte=now, sessions__status__in=Session.PLANNED),
                )
            )
        )
        coordinated = set(network_ids_with(user, Role.COORDINATOR))
        overview.coordinated_networks = [n for n in overview.team_networks if n.pk in coordinated]
    return overview


@dataclass
class Dashboard:
    upcoming: list[Session]
    past: list[Session]
    checks: dict[int, list[pve.RuleResult]]
    quorum_alerts: list[Session]
    expected: dict[int, Expected] = field(default_factory=dict)
    explanation: str = ""

    @property
    def rows(self) -> list[tuple[Session, list[pve.RuleResult]]]:
        for s in self.upcoming:
            s.expected = self.expected.get(s.pk)  # type: ignore[attr-defined]
        return [(s, self.checks[s.pk]) for s in self.upcoming]


def network_dashboard(*, network: Network, now=None) -> Dashboard:
    now = now or timezone.now()
    base = with_counts(
        Session.objects.filter(network=network).select_related("facilitator", "sector")
    ).prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("position")))
    upcoming = list(base.ahead(now).order_by("starts_at")[:50])
    past = list(base.behind(now).order_by("-starts_at")[:20])
    sectors = participant_sectors([s.pk for s in upcoming])
    charts = chart_counts([s.pk for s in upcoming])
    checks = {
        s.pk: pve.check(
            session_facts_build(
                s,
                s.confirmed_count,  # type: ignore[attr-defined]
                sectors.get(s.pk, []),
                charts.get(s.pk),
            ),
            now=now,
        )
        for s in upcoming
    }
    history = turnout_history(network_id=network.pk, now=now)
    expected = expected_turnout(sessions=upcoming, history=history)
    # Warn on the number expected to come, not only on who clicked yes.
    alerts = [
        s
        for s in upcoming
        if s.status == Session.Status.INVITED
        and now >= s.starts_at - pve.QUORUM_CHECK_BEFORE
        and expected[s.pk].expected < s.quorum
    ]
    for s in alerts:
        s.expected = expected[s.pk]  # type: ignore[attr-defined]
    return Dashboard(
        upcoming=upcoming,
        past=past,
        checks=checks,
        quorum_alerts=alerts,
        expected=expected,
        explanation=history.explanation(),
    )


def series_get_for_user(*, user: User, pk: int) -> Series:
    series = Series.objects.select_related("network", "sector").filter(pk=pk).first()
    if series is None or not has_perm(user, Perm.NETWORK_VIEW, series.network):
        raise Http404
    return series


def series_sessions(*, series: Series) -> list[Session]:
    return list(with_counts(series.sessions.select_related("facilitator")).order_by("starts_at"))


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


def series_actions(*, series_id: int) -> list[tuple[Capture, str]]:
    """The group actions of the series' latest finished session, with how they were looked
    back on at a later session ('' when not yet)."""
    last = (
        Session.objects.filter(series_id=series_id, status=Session.Status.DONE)
        .order_by("-starts_at")
        .first()
    )
    if last is None:
        return []
    actions = list(
        Capture.objects.filter(session=last, kind=Capture.Kind.GROUP_ACTION, approved=True)
    )
    statuses = dict(
        ActionFollowUp.objects.filter(action__in=actions)
        .order_by("updated_at")
        .values_list("action_id", "status")
    )
    return [(action, statuses.get(action.pk, "")) for action in actions]
