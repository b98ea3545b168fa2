"""Every PvE rule, including its edges."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from sessions import pve
from sessions.agenda import DEFAULT_PHASES

DEFAULT = [
    pve.PhaseMinutes(p.minutes, p.is_landing, p.is_own_input, p.is_knowledge_input)
    for p in DEFAULT_PHASES
]


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(2027, 3, day, hour, minute))


def facts(start=None, slot=90, phases=DEFAULT, **overrides) -> pve.SessionFacts:
    start = start or at(10, 16, 30)
    values = {
        "starts_at": start,
        "ends_at": start + timedelta(minutes=slot),
        "phases": phases,
        "capacity": 12,
        "quorum": 5,
        "confirmed": 8,
        "participant_sectors": [1] * 8,
        "sector_id": 1,
        "has_location": True,
        "chart_count": None,
    }
    values.update(overrides)
    return pve.SessionFacts(**values)


def level(result: pve.RuleResult) -> str:
    return str(result.level)


def test_ends_exactly_0830_passes():
    assert level(pve.edges_of_the_day(facts(start=at(10, 7, 0)))) == "pass"


def test_ends_0831_warns_with_the_times():
    result = pve.edges_of_the_day(facts(start=at(10, 7, 1)))
    assert level(result) == "warning"
    assert "07:01" in result.reason and "08:31" in result.reason


def test_starts_exactly_1600_passes():
    assert level(pve.edges_of_the_day(facts(start=at(10, 16, 0)))) == "pass"


def test_starts_1559_warns():
    assert level(pve.edges_of_the_day(facts(start=at(10, 15, 59)))) == "warning"


def test_afternoon_warns_in_plain_dutch():
    result = pve.edges_of_the_day(facts(start=at(10, 14, 0)))
    assert result.is_warning
    assert "Begint om 14:00" in result.reason
    assert "vóór 08:30" in result.reason or "08:30" in result.reason


def test_default_agenda_passes_every_agenda_rule():
    f = facts()
    for rule in (pve.short, pve.landing, pve.own_cases, pve.knowledge_input):
        assert level(rule(f)) == "pass", rule.__name__


@pytest.mark.parametrize(
    ("total", "expected"), [(59, "warning"), (60, "pass"), (90, "pass"), (91, "warning")]
)
def test_short_between_60_and_90(total, expected):
    assert level(pve.short(facts(phases=[pve.PhaseMinutes(total)]))) == expected


def test_landing_needs_20_minutes():
    phases = [
        pve.PhaseMinutes(10, is_landing=True),
        pve.PhaseMinutes(9, is_landing=True),
        pve.PhaseMinutes(50, is_own_input=True),
    ]
    assert level(pve.landing(facts(phases=phases))) == "warning"
    phases[1] = pve.PhaseMinutes(10, is_landing=True)
    assert level(pve.landing(facts(phases=phases))) == "pass"


def test_own_input_at_least_half():
    half = [pve.PhaseMinutes(40, is_own_input=True), pve.PhaseMinutes(40)]
    assert level(pve.own_cases(facts(phases=half))) == "pass"
    less = [pve.PhaseMinutes(39, is_own_input=True), pve.PhaseMinutes(41)]
    result = pve.own_cases(facts(phases=less))
    assert result.is_warning and "49%" in result.reason


def test_knowledge_input_at_most_10():
    ok = [pve.PhaseMinutes(10, is_knowledge_input=True), pve.PhaseMinutes(60)]
    assert level(pve.knowledge_input(facts(phases=ok))) == "pass"
    long = [pve.PhaseMinutes(11, is_knowledge_input=True), pve.PhaseMinutes(60)]
    assert level(pve.knowledge_input(facts(phases=long))) == "warning"


def test_more_than_capacity_warns():
    assert pve.group_size(facts(confirmed=13), at(1, 9)).is_warning


def test_below_quorum_only_warns_from_48_hours_before():
    start = at(10, 16, 30)
    f = facts(start=start, confirmed=4)
    # Before the checkpoint: not yet judged (issue 15: it said "OK" with too few people).
    assert level(pve.turnout(f, start - timedelta(hours=48, seconds=1))) == "info"
    assert level(pve.turnout(f, start - timedelta(hours=48))) == "warning"


def test_homogeneous():
    assert level(pve.homogeneous(facts(participant_sectors=[1, 1]))) == "pass"
    result = pve.homogeneous(facts(participant_sectors=[1, 2, None]))
    assert result.is_warning and "2" in result.reason


def test_invitation_needs_a_location():
    assert level(pve.clear_invitation(facts())) == "pass"
    assert pve.clear_invitation(facts(has_location=False)).is_warning


def test_sector_data():
    assert level(pve.sector_data_first(facts(chart_count=None))) == "info"
    assert pve.sector_data_first(facts(chart_count=0)).is_warning
    assert level(pve.sector_data_first(facts(chart_count=2))) == "pass"


def test_borging_only_after_the_session():
    assert level(pve.borging(facts())) == "info"
    assert pve.borging(facts(finished=True, borging_items=0)).is_warning
    assert level(pve.borging(facts(finished=True, borging_items=3))) == "pass"


def test_check_returns_every_rule_once():
    results = pve.check(facts(), now=at(1, 9))
    assert len({r.rule for r in results}) == len(results) == 11
    assert pve.warnings(results) == []


def test_a_150_minute_slot_is_not_short_even_with_a_90_minute_agenda():
    result = pve.short(facts(slot=150))
    assert result.is_warning
    assert "150" in result.reason


def test_a_slot_shorter_than_its_phases_warns():
    assert pve.short(facts(slot=60, phases=[pve.PhaseMinutes(80)])).is_warning


def test_twenty_places_is_not_a_small_group():
    result = pve.group_size(facts(capacity=20), at(1, 9))
    assert result.is_warning and "20" in result.reason
    assert level(pve.group_size(facts(capacity=12), at(1, 9))) == "pass"


def test_zero_signed_up_is_never_judged_good():
    """Before the 48-hour checkpoint, too few sign-ups is 'not yet', not 'OK'."""
    start = at(10, 16, 30)
    f = facts(start=start, capacity=12, quorum=4, confirmed=0)
    early = pve.turnout(f, start - timedelta(days=10))
    assert level(early) == "info"
    assert "0" in early.reason and "4" in early.reason
    assert pve.turnout(f, start - timedelta(hours=47)).is_warning
    assert level(pve.turnout(facts(start=start, confirmed=5), start - timedelta(days=10))) == "pass"


def test_each_rule_says_what_it_checks():
    for result in pve.check(facts(), now=at(1, 9)):
        assert result.checks.strip(), result.rule


def test_one_minute_is_singular_in_english():
    from django.utils import translation

    phases = [pve.PhaseMinutes(1, is_landing=True, is_knowledge_input=True), pve.PhaseMinutes(70)]
    with translation.override("en"):
        assert pve.knowledge_input(facts(phases=phases)).reason == "1 minute of knowledge input."
        assert "1 minute to land" in pve.landing(facts(phases=phases)).reason


def test_a_new_session_counts_an_empty_group_size_as_the_default_one():
    from sessions.models import Session

    starts = timezone.make_aware(datetime(2026, 3, 2, 17, 0))
    facts = pve.new_session_facts(starts_at=starts, slot_minutes=90, phases=[])
    assert (facts.capacity, facts.quorum) == (pve.DEFAULT_CAPACITY, pve.DEFAULT_QUORUM)
    assert facts.ends_at == starts + timedelta(minutes=90)
    # The form and the saved session agree on the same defaults.
    assert Session._meta.get_field("capacity").default == pve.DEFAULT_CAPACITY
    assert Session._meta.get_field("quorum").default == pve.DEFAULT_QUORUM
    chosen = pve.new_session_facts(
        starts_at=starts, slot_minutes=90, phases=[], capacity=10, quorum=4
    )
    assert (chosen.capacity, chosen.quorum) == (10, 4)
