"""`programme_report`: the report read in a fixed number of queries, whatever the period."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from kennisbank.models import Solution
from praktijktafel.models import Network, SizeClass
from quarterly.programme.periods import Period
from quarterly.programme.rows import (
    CAME,
    HELD,
    KnowledgeRow,
    ProgrammeReport,
    ReachRow,
    SessionRow,
)
from sessions.models import Capture, Invitation, Session
from sessions.selectors.evaluations import (
    evaluation_counts_of,
    evaluation_totals_of,
    with_evaluation_counts,
)


def _scope(network: Network | None, period: Period) -> QuerySet[Session]:
    sessions = Session.objects.filter(starts_at__gte=period.start, starts_at__lt=period.end)
    return sessions.filter(network=network) if network else sessions


def _per_session(model, **filters) -> Coalesce:
    """A count per session of `model`'s rows, as a subquery: no join that multiplies the
    invitation counts."""
    rows = (
        model.objects.filter(session=OuterRef("pk"), **filters)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


REPORT_FIELDS = (
    "title",
    "starts_at",
    "status",
    "slot_minutes",
    "quorum",
    "cancel_reason",
    "cancel_note",
    "network__name",
    "network__slug",
    "sector__name",
)


def _session_rows(network: Network | None, period: Period) -> list[SessionRow]:
    scope = _scope(network, period)
    sessions = (
        with_evaluation_counts(scope)
        .select_related("network", "sector")
        # Only what the page, the CSV and the PDF show: at thousands of sessions, making
        # the model instances was most of the report's time.
        .only(*REPORT_FIELDS)
        .annotate(n_actions=_per_session(Capture, kind=Capture.Kind.GROUP_ACTION, approved=True))
        .order_by("starts_at", "pk")
    )
    # The invitation counts in a query of their own, grouped by session: counted through a
    # join in the query above they made PostgreSQL group every session column (seconds at
    # a few thousand sessions).
    counts = {
        row["session_id"]: row
        for row in Invitation.objects.filter(session__in=scope.values("pk"))
        .order_by()
        .values("session_id")
        .annotate(
            invited=Count("pk"),
            signed_up=Count("pk", filter=Q(status=Invitation.Status.CONFIRMED)),
            came=Count("pk", filter=Q(attendance__in=CAME)),
            no_shows=Count(
                "pk",
                filter=Q(
                    status=Invitation.Status.CONFIRMED,
                    attendance=Invitation.Attendance.ABSENT,
                ),
            ),
        )
    }
    none = {"invited": 0, "signed_up": 0, "came": 0, "no_shows": 0}
    rows = []
    for s in sessions:
        invitations = counts.get(s.pk, none)
        rows.append(
            SessionRow(
                session=s,
                invited=invitations["invited"],
                signed_up=invitations["signed_up"],
                came=invitations["came"],
                no_shows=invitations["no_shows"],
                minutes=s.slot_minutes,
                group_actions=s.n_actions,
                evaluation=evaluation_counts_of(s),
            )
        )
    return rows


def _reach(network: Network | None, period: Period) -> tuple[list[ReachRow], list[ReachRow], int]:
    """Distinct firms of the people who came, per sector and per size; a firm is new when
    nobody of it came to a session of the same scope before the period."""
    came = Invitation.objects.filter(attendance__in=CAME, session__status__in=HELD)
    if network:
        came = came.filter(session__network=network)
    present = came.filter(
        session__starts_at__gte=period.start, session__starts_at__lt=period.end
    ).values_list(
        "person_id",
        "person__organisation_id",
        "person__organisation__sector__name",
        "person__organisation__size_class",
    )
    earlier = set(
        came.filter(session__starts_at__lt=period.start, person__organisation__isnull=False)
        .values_list("person__organisation_id", flat=True)
        .distinct()
    )
    firms: dict[int, tuple[str, str]] = {}
    without_firm: set[int] = set()
    for person_id, firm_id, sector_name, size in present:
        if firm_id is None:
            without_firm.add(person_id)
        else:
            firms[firm_id] = (sector_name, size)

    def rows(key_of) -> list[ReachRow]:
        grouped: dict[str, ReachRow] = {}
        for firm_id, values in firms.items():
            label = key_of(values)
            row = grouped.setdefault(label, ReachRow(label, 0, 0, 0))
            row.firms += 1
            if firm_id in earlier:
                row.returning += 1
            else:
                row.new += 1
        return sorted(grouped.values(), key=lambda r: (-r.firms, r.label))

    sizes = dict(SizeClass.choices)
    by_sector = rows(lambda v: v[0])
    by_size = rows(lambda v: str(sizes.get(v[1], _("Size unknown"))))
    return by_sector, by_size, len(without_firm)


def _knowledge(network: Network | None, period: Period) -> list[KnowledgeRow]:
    """Items published in the period that started as something said at a session."""
    items = Solution.objects.filter(
        status=Solution.Status.PUBLISHED,
        origin__startswith="capture:",
        published_at__gte=period.start,
        published_at__lt=period.end,
    )
    if network:
        items = items.filter(network=network)
    items = items.only("pk", "title", "useful_count", "published_at", "network_id")
    return [KnowledgeRow(s, s.useful_count) for s in items.order_by("-useful_count", "pk")]


def _totals(rows: list[SessionRow], knowledge: list[KnowledgeRow]) -> dict:
    held = [r for r in rows if r.held]
    signed_up_held = sum(r.signed_up for r in held)
    no_shows = sum(r.no_shows for r in held)
    evaluations = evaluation_totals_of(r.evaluation for r in rows)
    return {
        "planned": len(rows),
        "held": len(held),
        "cancelled": sum(1 for r in rows if r.cancelled),
        "cancelled_too_few": sum(1 for r in rows if r.too_few),
        "cancelled_other": sum(1 for r in rows if r.cancel_reason == Session.CancelReason.OTHER),
        "cancelled_unknown": sum(
            1 for r in rows if r.cancel_reason == Session.CancelReason.UNKNOWN
        ),
        "invited": sum(r.invited for r in rows),
        "signed_up": sum(r.signed_up for r in rows),
        "came": sum(r.came for r in held),
        "no_shows": no_shows,
        "no_show_rate": round(100 * no_shows / signed_up_held) if signed_up_held else None,
        "hours": round(sum(r.hours for r in held), 1),
        "group_actions": sum(r.group_actions for r in rows),
        "knowledge_items": len(knowledge),
        "knowledge_useful": sum(k.useful for k in knowledge),
        "rated_sessions": evaluations.sessions,
        "answers": evaluations.answers,
        "useful": evaluations.useful_average,
        "would_return": evaluations.again_percent,
    }


def programme_report(*, network: Network | None, period: Period) -> ProgrammeReport:
    """Five queries, whatever the period or the number of sessions."""
    rows = _session_rows(network, period)
    by_sector, by_size, without_firm = _reach(network, period)
    knowledge = _knowledge(network, period)
    return ProgrammeReport(
        network=network,
        period=period,
        sessions=rows,
        by_sector=by_sector,
        by_size=by_size,
        people_without_firm=without_firm,
        knowledge=knowledge,
        totals=_totals(rows, knowledge),
    )
