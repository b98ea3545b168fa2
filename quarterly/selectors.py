"""What goes into a quarterly update. The preview, the PDF and the web pages read the same
selectors (sessions, kennisbank, sector figures), so the numbers agree."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone

from kennisbank.models import Solution
from praktijktafel.dates import quarter_bounds, quarter_label
from praktijktafel.models import Network, Role, Sector, User
from praktijktafel.themes import Theme
from quarterly.models import Delivery, OptOut, QuarterlyUpdate
from sectordata.chartdata import ChartData
from sectordata.charts import source_line
from sectordata.selectors import key_figures
from sessions.models import Invitation, Knelpunt, Session
from sessions.selectors.evaluations import MIN_ANSWERS, EvaluationTotals, evaluation_totals

MAX_CHARTS = 4
TOP_BOTTLENECKS = 3
OTHER = "overig"
THEME_ORDER = [*Theme.values, OTHER]  # the appendix's order of the HR themes, then the rest


@dataclass
class ThemeGroup:
    theme: str
    label: str
    items: list = field(default_factory=list)


@dataclass
class QuarterContent:
    network: Network
    sector: Sector | None
    year: int
    quarter: int
    start: datetime
    end: datetime
    made_at: datetime
    sessions_held: list[Session]
    participants: int
    new_solutions: int
    updated_solutions: int
    solutions: list[ThemeGroup]
    bottlenecks: list[ThemeGroup]  # items: (text, recognition count)
    charts: list[ChartData]
    upcoming: list[Session]
    sources: list[str]
    # Only sessions with enough answers count (sessions.selectors.evaluations.MIN_ANSWERS).
    evaluations: EvaluationTotals | None = None

    @property
    def label(self) -> str:
        return quarter_label(self.year, self.quarter)

    @property
    def min_answers(self) -> int:
        return MIN_ANSWERS

    @property
    def last_day(self):
        return timezone.localtime(self.end - timedelta(seconds=1)).date()

    @property
    def empty(self) -> bool:
        return not (self.sessions_held or self.solutions or self.bottlenecks)


def _theme_label(value: str) -> str:
    return str(Theme(value).label) if value in Theme.values else "Overig"


def _sessions(network: Network, sector: Sector | None):
    qs = Session.objects.filter(network=network).exclude(status=Session.Status.CANCELLED)
    return qs.filter(sector=sector) if sector else qs


def solutions_in_quarter(network: Network, sector: Sector | None, start, end) -> list[Solution]:
    """Published items of the network new in the quarter, or updated in it."""
    qs = Solution.objects.filter(network=network, status=Solution.Status.PUBLISHED).filter(
        Q(published_at__gte=start, published_at__lt=end)
        | Q(updated_at__gte=start, updated_at__lt=end, published_at__lt=start)
    )
    if sector:
        qs = qs.filter(sector_ids__contains=[sector.pk])
    return list(qs.defer("body", "search_vector").order_by("title"))


def _participants(sessions: list[Session]) -> int:
    present = Invitation.objects.filter(
        session__in=sessions,
        attendance__in=Invitation.ATTENDED,
    )
    people = set(present.values_list("person_id", flat=True))
    recorded = set(
        Invitation.objects.filter(session__in=sessions)
        .exclude(attendance="")
        .values_list("session_id", flat=True)
    )
    unrecorded = [s.pk for s in sessions if s.pk not in recorded]
    if unrecorded:  # no check-in list kept: count who had confirmed
        people |= set(
            Invitation.objects.filter(
                session_id__in=unrecorded, status=Invitation.Status.CONFIRMED
            ).values_list("person_id", flat=True)
        )
    return len(people)


def _bottlenecks(sessions: list[Session]) -> list[ThemeGroup]:
    rows = (
        Knelpunt.objects.filter(session__in=sessions, approved=True)
        .values("theme", "text")
        .annotate(count=Sum("recognition"))
        .order_by("-count", "text")
    )
    groups: dict[str, ThemeGroup] = {}
    for row in rows:
        theme = row["theme"] or OTHER
        group = groups.setdefault(theme, ThemeGroup(theme, _theme_label(theme)))
        if len(group.items) < TOP_BOTTLENECKS:
            group.items.append((row["text"], row["count"] or 0))
    return sorted(groups.values(), key=lambda g: THEME_ORDER.index(g.theme))


def _charts(network: Network, sector: Sector | None) -> list[ChartData]:
    sectors = [sector] if sector else list(network.sectors.order_by("name"))
    if not sectors:
        return []
    # Taking turns, each sector gives at most its share; only when one has fewer figures
    # than its share are the others asked for more (a chart costs its queries).
    share = -(-MAX_CHARTS // len(sectors))
    per_sector = [[data for _slug, _name, data in key_figures(s, limit=share)] for s in sectors]
    if sum(len(f) for f in per_sector) < MAX_CHARTS and any(len(f) == share for f in per_sector):
        per_sector = [
            [data for _slug, _name, data in key_figures(s, limit=MAX_CHARTS)] for s in sectors
        ]
    charts: list[ChartData] = []
    while len(charts) < MAX_CHARTS and any(per_sector):  # take turns between sectors
        for figures in per_sector:
            if figures and len(charts) < MAX_CHARTS:
                charts.append(figures.pop(0))
    return charts


def quarter_content(
    *, network: Network, sector: Sector | None, year: int, quarter: int, now=None
) -> QuarterContent:
    now = now or timezone.now()
    start, end = quarter_bounds(year, quarter)
    held = list(
        _sessions(network, sector)
        .filter(starts_at__gte=start, starts_at__lt=end, status=Session.Status.DONE)
        .select_related("sector")
        .order_by("starts_at")
    )
    solutions = solutions_in_quarter(network, sector, start, end)
    groups: dict[str, ThemeGroup] = {}
    for item in solutions:
        theme = item.themes[0] if item.themes else OTHER
        groups.setdefault(theme, ThemeGroup(theme, _theme_label(theme))).items.append(item)
        item.url = settings.SITE_URL + reverse("kennisbank:detail", args=[item.pk, item.slug])  # type: ignore[attr-defined]
    charts = _charts(network, sector)
    sources = list(
        dict.fromkeys(source_line(c) + (f" ({c.licence})" if c.licence else "") for c in charts)
    )
    return QuarterContent(
        network=network,
        sector=sector,
        year=year,
        quarter=quarter,
        start=start,
        end=end,
        made_at=now,
        sessions_held=held,
        participants=_participants(held),
        new_solutions=sum(1 for s in solutions if s.published_at and s.published_at >= start),
        updated_solutions=sum(1 for s in solutions if s.published_at and s.published_at < start),
        solutions=sorted(groups.values(), key=lambda g: THEME_ORDER.index(g.theme)),
        bottlenecks=_bottlenecks(held),
        charts=charts,
        upcoming=list(
            _sessions(network, sector)
            .upcoming(now)
            .select_related("sector")
            .order_by("starts_at")[:10]
        ),
        sources=sources,
        evaluations=evaluation_totals(sessions=held),
    )


def recipients(update: QuarterlyUpdate) -> list[User]:
    """Ondernemers connected to the network (and sector), active, not opted out."""
    qs = User.objects.filter(
        memberships__network_id=update.network_id,
        memberships__role=Role.ONDERNEMER,
        is_active=True,
    ).exclude(email="")
    if update.sector_id:
        qs = qs.filter(organisation__sector_id=update.sector_id)
    opted_out = OptOut.objects.filter(network_id=update.network_id).values("person_id")
    return list(qs.exclude(pk__in=opted_out).distinct().order_by("pk"))


@dataclass
class DeliveryStats:
    sent: int
    pending: int
    failed: int
    failed_people: list[str]


def delivery_stats_for(updates: list[QuarterlyUpdate]) -> dict[int, DeliveryStats]:
    """Delivery stats of many updates in one query."""
    stats = {u.pk: DeliveryStats(0, 0, 0, []) for u in updates}
    rows = Delivery.objects.filter(update__in=updates).values_list(
        "update_id", "status", "person__email", "error"
    )
    for update_id, status, email, error in rows:
        entry = stats[update_id]
        if status == Delivery.Status.SENT:
            entry.sent += 1
        elif status == Delivery.Status.PENDING:
            entry.pending += 1
        else:
            entry.failed += 1
            entry.failed_people.append(f"{email} ({error})")
    return stats


def people_with_delivery(updates: list[QuarterlyUpdate]) -> dict[int, set[int]]:
    """Per update, the people who already have a delivery of it (sent, waiting or failed);
    one query."""
    found: dict[int, set[int]] = {u.pk: set() for u in updates}
    for update_id, person_id in Delivery.objects.filter(update__in=updates).values_list(
        "update_id", "person_id"
    ):
        found[update_id].add(person_id)
    return found


def archive(network: Network) -> list[QuarterlyUpdate]:
    return list(
        QuarterlyUpdate.objects.filter(network=network)
        .defer("pdf")
        .select_related("sector", "created_by")
    )
