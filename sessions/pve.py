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
from django.utils.translation import ngettext

EARLY_END = time(8, 30)
LATE_START = time(16, 0)
SHORT_MIN, SHORT_MAX = 60, 90
LANDING_MIN = 20
OWN_INPUT_SHARE = 0.5
KNOWLEDGE_MAX = 10
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


@dataclass(frozen=True)
class RuleResult:
    rule: str
    title: str
    level: Level
    reason: str

    @property
    def is_warning(self) -> bool:
        return self.level == Level.WARNING


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


def _hm(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


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
    if SHORT_MIN <= total <= SHORT_MAX:
        return RuleResult(
            "short", title, Level.PASS, _("The phases take %(n)d minutes.") % {"n": total}
        )
    return RuleResult(
        "short",
        title,
        Level.WARNING,
        _("The phases take %(n)d minutes: keep it between 60 and 90 minutes.") % {"n": total},
    )


def landing(facts: SessionFacts) -> RuleResult:
    title = _("Room to land")
    minutes = sum(p.minutes for p in facts.phases if p.is_landing)
    if minutes >= LANDING_MIN:
        return RuleResult(
            "landing",
            title,
            Level.PASS,
            _("%(n)d minutes to land and vent.") % {"n": minutes},
        )
    return RuleResult(
        "landing",
        title,
        Level.WARNING,
        _("Only %(n)d minutes to land and vent: give it at least 20.") % {"n": minutes},
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
            _("%(n)d minutes of knowledge input.") % {"n": minutes},
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
    checkpoint_passed = now >= facts.starts_at - QUORUM_CHECK_BEFORE
    if checkpoint_passed and not facts.finished and facts.confirmed < facts.quorum:
        return RuleResult(
            "group_size",
            title,
            Level.WARNING,
            _("Only %(n)d confirmed with less than 48 hours to go; at least %(min)d are needed.")
            % {"n": facts.confirmed, "min": facts.quorum},
        )
    return RuleResult(
        "group_size",
        title,
        Level.PASS,
        ngettext(
            "%(n)d confirmed of %(max)d places (at least %(min)d needed).",
            "%(n)d confirmed of %(max)d places (at least %(min)d needed).",
            facts.confirmed,
        )
        % {"n": facts.confirmed, "max": facts.capacity, "min": facts.quorum},
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
        homogeneous(facts),
        clear_invitation(facts),
        sector_data_first(facts),
        borging(facts),
    ]


def warnings(results: Sequence[RuleResult]) -> list[RuleResult]:
    return [r for r in results if r.is_warning]
