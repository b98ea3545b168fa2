"""What the PvE check is about: its limits, the facts of a session it reads, and a rule's
verdict (pass, warning or info, with a reason)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum

from django.utils.translation import gettext_lazy

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
