"""The PvE check (Tabel 3 of the report): each rule gives pass, warning or info with a reason.

Pure functions over plain values, so the same check runs on the plan (planned minutes) and
after the session (actual minutes), and is easy to test at its edges. Warnings never block;
sending invitations despite one asks for a reason (see services.invitations_send).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from praktijktafel.dates import local_format, shifted

EARLY_END = time(8, 30)
LATE_START = time(16, 0)
SHORT_MIN, SHORT_MAX = 60, 90
LANDING_MIN = 20
OWN_INPUT_SHARE = 0.5
KNOWLEDGE_MAX = 10
GROUP_MAX = 12  # a Praktijktafel is a small group: 8-12 people
# A new session's group size, until the facilitator changes it (the model's defaults too).
DEFAULT_CAPACITY = GROUP_MAX
DEFAULT_QUORUM = 5
QUORUM_CHECK_BEFORE = timedelta(hours=48)


class Level(StrEnum):
    PASS = "pass"  # noqa: S105 - a check result, not a password
    WARNING = "warning"
    INFO = "info"  # cannot be judged yet (e.g. after the session); never a warning


@dataclass(frozen=True)
class PhaseMinutes:
    minutes: int
    is_landing: bool = False
    is_own_input: bool = False
    is_knowledge_input: bool = False


# What each rule checks, in one line, shown next to its verdict.
CHECKS = {
    "edges": gettext_lazy("The session ends by 08:30 or starts at 16:00 or later."),
    "short": gettext_lazy("The time slot and the phases each take 60 to 90 minutes."),
    "landing": gettext_lazy("The landing phases together take at least 20 minutes."),
    "own_input": gettext_lazy("At least half of the time is for the participants' own input."),
    "knowledge": gettext_lazy("The knowledge input takes 10 minutes at most."),
    "group_size": gettext_lazy(
        "The group is small: at most 12 places, and no more people than places."
    ),
    "turnout": gettext_lazy(
        "Enough people signed up (the minimum you set), judged from 48 hours before the start."
    ),
    "homogeneous": gettext_lazy("All participants come from the session's sector."),
    "invitation": gettext_lazy("The invitation has a date, times, a venue and an address."),
    "sector_data": gettext_lazy("At least one sector-data chart is attached for phase 3."),
    "borging": gettext_lazy("After the session, tips, solutions or contacts are recorded."),
}


@dataclass(frozen=True)
class RuleResult:
    rule: str
    title: str
    level: Level
    reason: str

    @property
    def is_warning(self) -> bool:
        return self.level == Level.WARNING

    @property
    def checks(self) -> str:
        return str(CHECKS.get(self.rule, ""))


@dataclass(frozen=True)
class SessionFacts:
    starts_at: datetime
    ends_at: datetime
    phases: Sequence[PhaseMinutes]
    capacity: int
    quorum: int
    confirmed: int
    participant_sectors: Sequence[int | None]  # the sector of each confirmed participant's firm
    sector_id: int
    has_location: bool
    chart_count: int | None  # None: sector data charts are not available yet
    finished: bool = False
    borging_items: int = 0
    invited: bool = True  # invitations have gone out (before that nobody could sign up)


def new_session_facts(
    *,
    starts_at: datetime,
    slot_minutes: int,
    phases: Sequence[PhaseMinutes],
    capacity: int | None = None,
    quorum: int | None = None,
    sector_id: int = 0,
    has_location: bool = False,
) -> SessionFacts:
    """The facts of a session being planned and not saved yet: nobody invited or signed up,
    no chart attached; a group size not filled in yet counts as the default."""
    return SessionFacts(
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=slot_minutes),
        phases=phases,
        capacity=capacity or DEFAULT_CAPACITY,
        quorum=quorum or DEFAULT_QUORUM,
        confirmed=0,
        participant_sectors=[],
        sector_id=sector_id,
        has_location=has_location,
        chart_count=0,
    )


def _hm(moment: datetime) -> str:
    return local_format(moment, "H:i")


def edges_of_the_day(facts: SessionFacts) -> RuleResult:
    title = _("Edges of the day")
    start, end = timezone.localtime(facts.starts_at), timezone.localtime(facts.ends_at)
    early = end.date() == start.date() and end.time() <= EARLY_END
    if early or start.time() >= LATE_START:
        return RuleResult(
            "edges",
            title,
            Level.PASS,
            _("%(start)s–%(end)s: outside working hours.") % {"start": _hm(start), "end": _hm(end)},
        )
    return RuleResult(
        "edges",
        title,
        Level.WARNING,
        _(
            "Starts at %(start)s and ends at %(end)s: the table should end by 08:30 "
            "or start at 16:00 or later."
        )
        % {"start": _hm(start), "end": _hm(end)},
    )


def short(facts: SessionFacts) -> RuleResult:
    title = _("Short session")
    total = sum(p.minutes for p in facts.phases)
    slot = round((facts.ends_at - facts.starts_at).total_seconds() / 60)
    times = {"start": _hm(facts.starts_at), "end": _hm(facts.ends_at), "slot": slot, "n": total}
    if not SHORT_MIN <= slot <= SHORT_MAX:
        return RuleResult(
            "short",
            title,
            Level.WARNING,
            _(
                "From %(start)s to %(end)s is %(slot)d minutes: keep the session between "
                "60 and 90 minutes."
            )
            % times,
        )
    if not SHORT_MIN <= total <= SHORT_MAX:
        return RuleResult(
            "short",
            title,
            Level.WARNING,
            _("The phases take %(n)d minutes: keep it between 60 and 90 minutes.") % times,
        )
    if total > slot:
        return RuleResult(
            "short",
            title,
            Level.WARNING,
            _("The phases take %(n)d minutes, longer than the %(slot)d-minute slot.") % times,
        )
    return RuleResult(
        "short",
        title,
        Level.PASS,
        _("%(slot)d-minute slot (%(start)s–%(end)s); the phases take %(n)d minutes.") % times,
    )


def landing(facts: SessionFacts) -> RuleResult:
    title = _("Room to land")
    minutes = sum(p.minutes for p in facts.phases if p.is_landing)
    if minutes >= LANDING_MIN:
        return RuleResult(
            "landing",
            title,
            Level.PASS,
            ngettext("%(n)d minute to land and vent.", "%(n)d minutes to land and vent.", minutes)
            % {"n": minutes},
        )
    return RuleResult(
        "landing",
        title,
        Level.WARNING,
        ngettext(
            "Only %(n)d minute to land and vent: give it at least 20.",
            "Only %(n)d minutes to land and vent: give it at least 20.",
            minutes,
        )
        % {"n": minutes},
    )


def own_cases(facts: SessionFacts) -> RuleResult:
    title = _("Own questions and cases")
    total = sum(p.minutes for p in facts.phases)
    own = sum(p.minutes for p in facts.phases if p.is_own_input)
    share = round(100 * own / total) if total else 0
    if total and own >= OWN_INPUT_SHARE * total:
        return RuleResult(
            "own_input",
            title,
            Level.PASS,
            _("%(share)d%% of the time is for the participants' own input.") % {"share": share},
        )
    return RuleResult(
        "own_input",
        title,
        Level.WARNING,
        _("Only %(share)d%% of the time is for the participants' own input: make it at least 50%%.")
        % {"share": share},
    )


def knowledge_input(facts: SessionFacts) -> RuleResult:
    title = _("Short knowledge input")
    minutes = sum(p.minutes for p in facts.phases if p.is_knowledge_input)
    if minutes <= KNOWLEDGE_MAX:
        return RuleResult(
            "knowledge",
            title,
            Level.PASS,
            ngettext(
                "%(n)d minute of knowledge input.", "%(n)d minutes of knowledge input.", minutes
            )
            % {"n": minutes},
        )
    return RuleResult(
        "knowledge",
        title,
        Level.WARNING,
        _("%(n)d minutes of knowledge input: keep it to 10 at most.") % {"n": minutes},
    )


def group_size(facts: SessionFacts, now: datetime) -> RuleResult:
    title = _("Group size")
    if facts.confirmed > facts.capacity:
        return RuleResult(
            "group_size",
            title,
            Level.WARNING,
            _("%(n)d confirmed, more than the %(max)d places.")
            % {"n": facts.confirmed, "max": facts.capacity},
        )
    if facts.capacity > GROUP_MAX:
        return RuleResult(
            "group_size",
            title,
            Level.WARNING,
            _("%(max)d places: a Praktijktafel is a small group of at most %(limit)d.")
            % {"max": facts.capacity, "limit": GROUP_MAX},
        )
    return RuleResult(
        "group_size",
        title,
        Level.PASS,
        _("%(max)d places: a small group.") % {"max": facts.capacity},
    )


def turnout(facts: SessionFacts, now: datetime) -> RuleResult:
    title = _("Enough people")
    values = {"n": facts.confirmed, "min": facts.quorum}
    if facts.confirmed >= facts.quorum:
        return RuleResult(
            "turnout",
            title,
            Level.PASS,
            ngettext(
                "%(n)d signed up; at least %(min)d are needed.",
                "%(n)d signed up; at least %(min)d are needed.",
                facts.confirmed,
            )
            % values,
        )
    if facts.finished:
        return RuleResult(
            "turnout",
            title,
            Level.INFO,
            _("%(n)d signed up; at least %(min)d were needed.") % values,
        )
    if not facts.invited:
        return RuleResult(
            "turnout",
            title,
            Level.INFO,
            _("Not yet: nobody can sign up before the invitations go out."),
        )
    if now >= shifted(facts.starts_at, -QUORUM_CHECK_BEFORE):
        return RuleResult(
            "turnout",
            title,
            Level.WARNING,
            _("Only %(n)d confirmed with less than 48 hours to go; at least %(min)d are needed.")
            % values,
        )
    return RuleResult(
        "turnout",
        title,
        Level.INFO,
        _(
            "Not yet: %(n)d signed up, at least %(min)d are needed. "
            "This becomes a warning 48 hours before the start."
        )
        % values,
    )


def homogeneous(facts: SessionFacts) -> RuleResult:
    title = _("One sector")
    others = sum(1 for sector in facts.participant_sectors if sector != facts.sector_id)
    if not others:
        return RuleResult(
            "homogeneous", title, Level.PASS, _("All participants come from the session's sector.")
        )
    return RuleResult(
        "homogeneous",
        title,
        Level.WARNING,
        ngettext(
            "%(n)d participant comes from another sector (or has no firm on record).",
            "%(n)d participants come from another sector (or have no firm on record).",
            others,
        )
        % {"n": others},
    )


def clear_invitation(facts: SessionFacts) -> RuleResult:
    title = _("Clear invitation")
    if facts.has_location:
        return RuleResult(
            "invitation",
            title,
            Level.PASS,
            _("Date, start and end time, location and time investment are filled in by the app."),
        )
    return RuleResult(
        "invitation", title, Level.WARNING, _("Fill in the venue and its full address.")
    )


def sector_data_first(facts: SessionFacts) -> RuleResult:
    title = _("Start with sector data")
    if facts.chart_count is None:
        return RuleResult(
            "sector_data",
            title,
            Level.INFO,
            _("Charts of sector figures can be attached once sector data has been imported."),
        )
    if facts.chart_count >= 1:
        return RuleResult(
            "sector_data",
            title,
            Level.PASS,
            ngettext("%(n)d chart for phase 3.", "%(n)d charts for phase 3.", facts.chart_count)
            % {"n": facts.chart_count},
        )
    return RuleResult(
        "sector_data", title, Level.WARNING, _("Attach at least one sector-data chart for phase 3.")
    )


def borging(facts: SessionFacts) -> RuleResult:
    title = _("Follow-up recorded")
    if not facts.finished:
        return RuleResult(
            "borging",
            title,
            Level.INFO,
            _("After the session, the shared tips, solutions and contacts are listed."),
        )
    if facts.borging_items:
        return RuleResult(
            "borging",
            title,
            Level.PASS,
            _("%(n)d tips, solutions and contacts recorded.") % {"n": facts.borging_items},
        )
    return RuleResult(
        "borging", title, Level.WARNING, _("No tips, solutions or contacts were recorded.")
    )


def check(facts: SessionFacts, *, now: datetime | None = None) -> list[RuleResult]:
    now = now or timezone.now()
    return [
        edges_of_the_day(facts),
        short(facts),
        landing(facts),
        own_cases(facts),
        knowledge_input(facts),
        group_size(facts, now),
        turnout(facts, now),
        homogeneous(facts),
        clear_invitation(facts),
        sector_data_first(facts),
        borging(facts),
    ]


def warnings(results: Sequence[RuleResult]) -> list[RuleResult]:
    return [r for r in results if r.is_warning]
