"""The PvE check (Tabel 3 of the report): each rule gives pass, warning or info with a reason.

Pure functions over plain values, so the same check runs on the plan (planned minutes) and
after the session (actual minutes), and is easy to test at its edges. Warnings never block;
sending invitations despite one asks for a reason (see services.invitations_send).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.utils import timezone

from sessions.pve.facts import (
    CHECKS,
    DEFAULT_CAPACITY,
    DEFAULT_QUORUM,
    EARLY_END,
    GROUP_MAX,
    KNOWLEDGE_MAX,
    LANDING_MIN,
    LATE_START,
    OWN_INPUT_SHARE,
    QUORUM_CHECK_BEFORE,
    SHORT_MAX,
    SHORT_MIN,
    Level,
    PhaseMinutes,
    RuleResult,
    SessionFacts,
    new_session_facts,
)
from sessions.pve.group import group_size, homogeneous, turnout
from sessions.pve.preparation import borging, clear_invitation, sector_data_first
from sessions.pve.timing import edges_of_the_day, knowledge_input, landing, own_cases, short

__all__ = [
    "CHECKS",
    "DEFAULT_CAPACITY",
    "DEFAULT_QUORUM",
    "EARLY_END",
    "GROUP_MAX",
    "KNOWLEDGE_MAX",
    "LANDING_MIN",
    "LATE_START",
    "OWN_INPUT_SHARE",
    "QUORUM_CHECK_BEFORE",
    "SHORT_MAX",
    "SHORT_MIN",
    "Level",
    "PhaseMinutes",
    "RuleResult",
    "SessionFacts",
    "borging",
    "check",
    "clear_invitation",
    "edges_of_the_day",
    "group_size",
    "homogeneous",
    "knowledge_input",
    "landing",
    "new_session_facts",
    "own_cases",
    "sector_data_first",
    "short",
    "turnout",
    "warnings",
]


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
