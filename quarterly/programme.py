"""The programme report for funders: what a network (or every network) did in a period.

Sessions planned, held and cancelled; invited, signed up, came and no-shows; reach per sector
and firm size (distinct firms, new or returning); hours invested by ondernemers (who came ×
the session's time slot, as the invitation states it); group actions agreed; kennisbank items
published from sessions and how often they were found useful; evaluation scores.

One `programme_report` reads everything in a fixed number of queries, whatever the period:
the page, the CSV files and the PDF all read it, so their numbers match.

Evaluations are read through the evaluations selector (`sessions.selectors.evaluations`), so
the five-answer rule and the rounding are the session page's own: a session with fewer than
five answers shows no score, and the overall score is taken only over sessions that have five
or more (so no small session can be worked out by subtraction).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kennisbank.models import Solution
from praktijktafel.dates import (
    last_complete_quarter,
    previous_quarter,
    quarter_bounds,
    quarter_containing,
)
from praktijktafel.dates import quarter_label as _quarter_label
from praktijktafel.models import Network, SizeClass
from sectordata.chartdata import ChartData
from sessions.models import Capture, Invitation, Session
from sessions.selectors.evaluations import (
    EvaluationCounts,
    evaluation_counts_of,
    evaluation_totals_of,
    with_evaluation_counts,
)

CAME = Invitation.ATTENDED
# Held means finished: a session running now (or started early and left open) is not yet
# evidence of anything, and a funder reads "gehouden" as "took place".
HELD = (Session.Status.DONE,)
_QUARTER = re.compile(r"^(\d{4})-K([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    code: str  # "2026-K3" or "2026": the value of the `periode` parameter
    label: str
    start: datetime
    end: datetime  # exclusive

    @property
    def filename_part(self) -> str:
        return self.code.lower()

    @property
    def last_day(self):
        return timezone.localdate(self.end - timedelta(seconds=1))


def quarter_period(year: int, quarter: int) -> Period:
    start, end = quarter_bounds(year, quarter)
    return Period(f"{year}-K{quarter}", _quarter_label(year, quarter), start, end)


def year_period(year: int) -> Period:
    start, _end = quarter_bounds(year, 1)
    _start, end = quarter_bounds(year, 4)
    return Period(str(year), str(year), start, end)


def period_from(value: str | None, *, now: datetime | None = None) -> Period:
    """The period a `periode` parameter names; empty is the last full quarter. Anything else
    is refused with a Dutch message that says what to write."""
    text = (value or "").strip()
    if not text:
        return quarter_period(*last_complete_quarter(now))
    for pattern, make in ((_QUARTER, quarter_period), (_YEAR, year_period)):
        match = pattern.match(text)
        if match:
            numbers = [int(group) for group in match.groups()]
            if 2000 <= numbers[0] <= 2100:
                return make(*numbers)
    raise ValidationError(
        _("Choose a period from the list: a quarter such as 2026-K3, or a year such as 2026.")
    )


def period_choices(*, now: datetime | None = None) -> list[Period]:
    """The quarter under way (marked as such), the last eight full quarters, then the current
    and the two previous years."""
    quarters = [last_complete_quarter(now)]
    while len(quarters) < 8:
        quarters.append(previous_quarter(*quarters[-1]))
    this_year = timezone.localtime(now or timezone.now()).year
    current = quarter_period(*quarter_containing(now or timezone.now()))
    current = Period(
        current.code,
        _("%(quarter)s (not over yet)") % {"quarter": current.label},
        current.start,
        current.end,
    )
    return (
        [current]
        + [quarter_period(*q) for q in quarters]
        + [year_period(year) for year in (this_year, this_year - 1, this_year - 2)]
    )


@dataclass
class SessionRow:
    session: Session
    invited: int
    signed_up: int
    came: int
    no_shows: int
    minutes: int  # the time slot the invitation states
    group_actions: int
    evaluation: EvaluationCounts  # the evaluations selector's sums and five-answer rule

    @property
    def answers(self) -> int:
        return self.evaluation.answers

    @property
    def useful(self) -> float | None:
        """Average 1 to 5 as the session page shows it; None below the minimum."""
        return self.evaluation.useful_average

    @property
    def would_return(self) -> int | None:
        """Percent "yes, again"; None below the minimum."""
        return self.evaluation.again_percent

    @property
    def held(self) -> bool:
        return self.session.status in HELD

    @property
    def cancelled(self) -> bool:
        return self.session.status == Session.Status.CANCELLED

    @property
    def cancel_reason(self) -> str:
        """Why a cancelled session did not go ahead, as stored when it was cancelled: "too_few"
        (the reason the pilot lost a session), "other", or "unknown" (cancelled before the
        reason was kept). Never guessed from the sign-ups. Empty when not cancelled."""
        if not self.cancelled:
            return ""
        return self.session.cancel_reason or Session.CancelReason.UNKNOWN

    @property
    def too_few(self) -> bool:
        return self.cancel_reason == Session.CancelReason.TOO_FEW

    @property
    def cancel_reason_label(self) -> str:
        """The reason in a sentence's middle ("te weinig aanmeldingen", "anders: zaal
        dicht")."""
        if not self.cancelled:
            return ""
        labels = {
            Session.CancelReason.TOO_FEW: _("too few sign-ups"),
            Session.CancelReason.OTHER: pgettext("cancel reason", "other"),
            Session.CancelReason.UNKNOWN: _("reason not recorded"),
        }
        label = labels[Session.CancelReason(self.cancel_reason)]
        if self.cancel_reason == Session.CancelReason.OTHER and self.session.cancel_note:
            return f"{label}: {self.session.cancel_note}"
        return label

    @property
    def hours(self) -> float:
        return self.came * self.minutes / 60 if self.held else 0.0


@dataclass
class ReachRow:
    label: str
    firms: int
    new: int
    returning: int


@dataclass
class KnowledgeRow:
    solution: Solution
    useful: int


@dataclass
class ProgrammeReport:
    network: Network | None  # None: every network
    period: Period
    sessions: list[SessionRow]
    by_sector: list[ReachRow]
    by_size: list[ReachRow]
    people_without_firm: int
    knowledge: list[KnowledgeRow]
    totals: dict = field(default_factory=dict)

    @property
    def scope_label(self) -> str:
        return self.network.name if self.network else _("All networks")

    @property
    def reach_tables(self) -> list[tuple[str, list[ReachRow]]]:
        return [
            (_("Firms per sector"), self.by_sector),
            (_("Firms per company size"), self.by_size),
        ]


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


def _came(sessions) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(session__in=sessions, attendance__in=CAME)
        .select_related("person", "person__organisation")
        .order_by(F("person__full_name").asc(nulls_last=True), "person__email", "pk")
    )


def presence_list(*, session: Session) -> list[Invitation]:
    """Who came to a session, for the signed presence list: names as the team sees them."""
    return list(_came([session]))


def presence_lists(report: ProgrammeReport) -> dict[int, list[Invitation]]:
    """Who came, per held session of the report, in one query."""
    found: dict[int, list[Invitation]] = {}
    for invitation in _came([r.session for r in report.sessions if r.held]):
        found.setdefault(invitation.session_id, []).append(invitation)
    return found


def charts(report: ProgrammeReport) -> list[ChartData]:
    """Chart data for `sectordata.svg.render`: firms reached per sector and per size."""
    found = []
    for key, title, rows in (
        ("programme-sector", _("Firms reached per sector"), report.by_sector),
        ("programme-size", _("Firms reached per company size"), report.by_size),
    ):
        if rows:
            found.append(
                ChartData(
                    kind="bars",
                    key=f"{key}-{report.period.code}",
                    title=f"{title}, {report.period.label}",
                    indicator=_("Firms reached"),
                    period_label=report.period.label,
                    labels=tuple(r.label for r in rows),
                    values=tuple(float(r.firms) for r in rows),
                )
            )
    return found
