"""Timer arithmetic for a live session, on server timestamps only.

Pure functions over plain values: the console and projector render what `clock()` returns
(`phase_remaining` and `slot_remaining`, in seconds at `server_now`). The browser
(static/js/live.js) counts those down by the time its own clock says has passed since the
page arrived, never by comparing its clock with the server's; so a reload, a second tab or a
laptop whose clock is off all show the same time. While paused, it stands still.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sessions.live.limits import CRITICAL_SHARE, WARN_SHARE


@dataclass(frozen=True)
class Run:
    phase_id: int
    started_at: datetime
    ended_at: datetime | None = None
    paused_at: datetime | None = None
    paused_seconds: int = 0
    extended_seconds: int = 0


@dataclass(frozen=True)
class PlannedPhase:
    phase_id: int
    minutes: int


def run_elapsed(run: Run, now: datetime) -> float:
    """Seconds spent in this run, pauses excluded; a paused run stands still."""
    end = run.ended_at or now
    if run.paused_at is not None and (run.ended_at is None or run.paused_at < run.ended_at):
        end = run.paused_at
    return max(0.0, (end - run.started_at).total_seconds() - run.paused_seconds)


def actual_seconds(runs: Sequence[Run], now: datetime) -> dict[int, float]:
    """Seconds per phase over all its runs."""
    totals: dict[int, float] = {}
    for run in runs:
        totals[run.phase_id] = totals.get(run.phase_id, 0.0) + run_elapsed(run, now)
    return totals


def state_of(remaining: float, budget: float) -> str:
    if remaining < 0:
        return "over"
    if budget <= 0:
        return "ok"
    share = remaining / budget
    if share <= CRITICAL_SHARE:
        return "critical"
    if share <= WARN_SHARE:
        return "warn"
    return "ok"


@dataclass(frozen=True)
class Clock:
    server_now: datetime
    phase_id: int | None
    phase_budget: float  # planned + extensions, seconds
    phase_elapsed: float
    phase_remaining: float
    phase_deadline: datetime | None  # None while paused or not started
    paused: bool
    slot_remaining: float
    slot_deadline: datetime
    buffer_total: float
    buffer_used: float
    state: str


def clock(
    *,
    now: datetime,
    started_at: datetime,
    slot_minutes: int,
    phases: Sequence[PlannedPhase],
    runs: Sequence[Run],
) -> Clock:
    planned = {p.phase_id: p.minutes * 60 for p in phases}
    open_run = next((r for r in runs if r.ended_at is None), None)
    totals = actual_seconds(runs, now)

    # Buffer used: time spent beyond the plan, over every phase visited so far.
    # The current phase only counts once it runs over.
    overrun = 0.0
    for phase_id, spent in totals.items():
        if open_run is not None and phase_id == open_run.phase_id:
            overrun += max(0.0, spent - planned.get(phase_id, 0))
        else:
            overrun += spent - planned.get(phase_id, 0)
    buffer_total = float(slot_minutes * 60 - sum(planned.values()))

    slot_deadline = started_at + timedelta(minutes=slot_minutes)
    if open_run is None:
        return Clock(
            server_now=now,
            phase_id=None,
            phase_budget=0,
            phase_elapsed=0,
            phase_remaining=0,
            phase_deadline=None,
            paused=False,
            slot_remaining=(slot_deadline - now).total_seconds(),
            slot_deadline=slot_deadline,
            buffer_total=buffer_total,
            buffer_used=max(0.0, overrun),
            state="ok",
        )
    budget = planned.get(open_run.phase_id, 0) + open_run.extended_seconds
    # Earlier runs of the same phase (after going back) use up its budget too.
    elapsed = totals.get(open_run.phase_id, 0.0)
    remaining = budget - elapsed
    paused = open_run.paused_at is not None
    return Clock(
        server_now=now,
        phase_id=open_run.phase_id,
        phase_budget=budget,
        phase_elapsed=elapsed,
        phase_remaining=remaining,
        phase_deadline=None if paused else now + timedelta(seconds=remaining),
        paused=paused,
        slot_remaining=(slot_deadline - now).total_seconds(),
        slot_deadline=slot_deadline,
        buffer_total=buffer_total,
        buffer_used=max(0.0, overrun),
        state=state_of(remaining, budget),
    )


def step_budget(*, phase_minutes: int, weights: dict[str, int], step: str) -> float:
    """Seconds for one step of the incident method, its share of the phase's planned time."""
    total = sum(weights.values())
    return phase_minutes * 60 * weights.get(step, 0) / total if total else 0.0
