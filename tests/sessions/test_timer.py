"""Timer arithmetic: pause, extend, skip, going back, and a client clock that is off."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from sessions.live import timer

T0 = timezone.make_aware(datetime(2027, 3, 10, 16, 30))
PHASES = [timer.PlannedPhase(1, 10), timer.PlannedPhase(2, 15), timer.PlannedPhase(3, 10)]


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def clock(runs, now_min: float, slot: int = 90):
    return timer.clock(now=at(now_min), started_at=T0, slot_minutes=slot, phases=PHASES, runs=runs)


def test_counts_down_from_the_plan():
    c = clock([timer.Run(1, at(0))], 4)
    assert c.phase_remaining == 6 * 60
    assert c.phase_deadline == at(10)
    assert c.slot_remaining == 86 * 60
    assert c.buffer_total == 55 * 60  # 90 - 35 planned
    assert c.state == "ok"


def test_colour_changes_at_20_and_5_percent_and_over_time():
    assert clock([timer.Run(1, at(0))], 7.9).state == "ok"
    assert clock([timer.Run(1, at(0))], 8).state == "warn"
    assert clock([timer.Run(1, at(0))], 9.5).state == "critical"
    assert clock([timer.Run(1, at(0))], 10.5).state == "over"


def test_pause_stands_still_and_resume_continues():
    paused = timer.Run(1, at(0), paused_at=at(3))
    assert clock([paused], 3).phase_remaining == clock([paused], 20).phase_remaining == 7 * 60
    assert clock([paused], 20).phase_deadline is None and clock([paused], 20).paused
    resumed = timer.Run(1, at(0), paused_seconds=17 * 60)  # paused from 3 to 20
    assert clock([resumed], 21).phase_remaining == 6 * 60


def test_extend_adds_five_minutes_to_the_phase():
    run = timer.Run(1, at(0), extended_seconds=300)
    c = clock([run], 9)
    assert c.phase_budget == 15 * 60
    assert c.phase_remaining == 6 * 60


def test_skip_ahead_uses_no_buffer_and_overrun_uses_it():
    runs = [timer.Run(1, at(0), ended_at=at(6)), timer.Run(2, at(6))]
    c = clock(runs, 7)
    assert c.buffer_used == 0  # 4 minutes early in phase 1 do not count as used
    runs = [timer.Run(1, at(0), ended_at=at(13)), timer.Run(2, at(13))]
    assert clock(runs, 14).buffer_used == 3 * 60


def test_early_phase_gives_time_back_to_the_buffer():
    runs = [
        timer.Run(1, at(0), ended_at=at(13)),  # 3 over
        timer.Run(2, at(13), ended_at=at(25)),  # 3 under
        timer.Run(3, at(25)),
    ]
    assert clock(runs, 26).buffer_used == 0


def test_going_back_continues_the_phase_budget():
    runs = [
        timer.Run(1, at(0), ended_at=at(8)),
        timer.Run(2, at(8), ended_at=at(9)),
        timer.Run(1, at(9)),  # back to phase 1: 2 minutes of its 10 left
    ]
    c = clock(runs, 9)
    assert c.phase_id == 1
    assert c.phase_remaining == 2 * 60
    assert timer.actual_seconds(runs, at(10))[1] == 9 * 60


def test_skewed_client_clock_sees_the_same_remaining_time():
    """The browser computes remaining = deadline - (client_now + offset), with
    offset = server_now - client_now at the moment of the response."""
    c = clock([timer.Run(1, at(0))], 4)
    client_now = c.server_now + timedelta(minutes=7)  # laptop clock 7 minutes fast
    offset = c.server_now - client_now
    later_client = client_now + timedelta(seconds=30)
    remaining = (c.phase_deadline - (later_client + offset)).total_seconds()
    assert remaining == 6 * 60 - 30


def test_slot_time_runs_on_even_while_paused():
    paused = timer.Run(1, at(0), paused_at=at(3))
    assert clock([paused], 30).slot_remaining == 60 * 60


def test_incident_method_steps_share_the_case_phase():
    weights = {
        "choose": 3,
        "explain": 5,
        "questions": 8,
        "diagnosis": 7,
        "solutions": 8,
        "choice": 4,
    }
    assert timer.step_budget(phase_minutes=35, weights=weights, step="questions") == 8 * 60
    # A shorter case phase shrinks every step in proportion.
    assert timer.step_budget(phase_minutes=14, weights=weights, step="questions") == 8 * 60 * 0.4
    assert (
        sum(timer.step_budget(phase_minutes=20, weights=weights, step=s) for s in weights) == 1200
    )


def test_a_timer_run_carries_every_field_of_its_phase_run():
    """The console's clock and the fidelity report read runs through one function: each
    field of `timer.Run` comes from the PhaseRun field of that name, none left at a default."""
    from dataclasses import fields

    from sessions.live.selectors.clock import timer_run
    from sessions.models import PhaseRun

    stored = PhaseRun(
        phase_id=7,
        started_at=at(0),
        ended_at=at(12),
        paused_at=at(9),
        paused_seconds=42,
        extended_seconds=300,
    )
    run = timer_run(stored)
    assert {f.name for f in fields(timer.Run)} <= {f.attname for f in PhaseRun._meta.fields}
    for field in fields(timer.Run):
        assert getattr(run, field.name) == getattr(stored, field.name), field.name
