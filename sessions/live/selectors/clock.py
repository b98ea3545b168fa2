"""The clocks of a running session: the phase timer and the case step's own countdown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sessions.agenda import PhaseKind
from sessions.live import timer
from sessions.models import LiveState, Phase, PhaseRun, Session


def phase_runs(session: Session) -> list[PhaseRun]:
    return list(PhaseRun.objects.filter(session=session).order_by("started_at", "pk"))


def timer_run(run: PhaseRun) -> timer.Run:
    """A stored run as the timer arithmetic reads it: the console's clock and the fidelity
    report both go through here, so a field added to one reaches both."""
    return timer.Run(
        phase_id=run.phase_id,
        started_at=run.started_at,
        ended_at=run.ended_at,
        paused_at=run.paused_at,
        paused_seconds=run.paused_seconds,
        extended_seconds=run.extended_seconds,
    )


def session_clock(
    session: Session, live: LiveState, phases: list[Phase], runs: list[PhaseRun], now: datetime
) -> timer.Clock:
    return timer.clock(
        now=now,
        started_at=live.started_at,
        slot_minutes=session.slot_minutes,
        phases=[timer.PlannedPhase(p.pk, p.minutes) for p in phases],
        runs=[timer_run(r) for r in runs],
    )


@dataclass(frozen=True)
class StepClock:
    label: str
    budget: float
    remaining: float
    server_now: datetime


def case_step_clock(live: LiveState, phase: Phase | None, now: datetime) -> StepClock | None:
    """The incident-method step's own countdown, fitted to the case phase."""
    return step_clock(
        case_step=live.case_step,
        started_at=live.case_step_started_at,
        phase_kind=phase.kind if phase is not None else None,
        phase_minutes=phase.minutes if phase is not None else 0,
        now=now,
    )


def step_clock(
    *,
    case_step: str,
    started_at: datetime | None,
    phase_kind: str | None,
    phase_minutes: int,
    now: datetime,
) -> StepClock | None:
    """`case_step_clock` from plain values (the projector reads them in one query)."""
    if not case_step or phase_kind != PhaseKind.CASES:
        return None
    budget = timer.step_budget(
        phase_minutes=phase_minutes, weights=LiveState.CASE_STEP_WEIGHTS, step=case_step
    )
    started = started_at or now
    return StepClock(
        label=str(LiveState.CaseStep(case_step).label),
        budget=budget,
        remaining=budget - (now - started).total_seconds(),
        server_now=now,
    )


def state_key(live: LiveState, run: PhaseRun | None) -> str:
    """What a console tab saw of the timer when it drew its buttons: the phase, paused or
    running, the minutes added, the case step, phones let in or not. Timer actions are
    relative ("next", "back", "pause"), so they only make sense on the state they were
    pressed on."""
    return timer_key(
        phase_id=live.current_phase_id,
        paused=run is not None and run.paused_at is not None,
        extended=run.extended_seconds if run is not None else 0,
        case_step=live.case_step,
        phones_enabled=live.phones_enabled,
    )


def timer_key(
    *, phase_id: int | None, paused: bool, extended: int, case_step: str, phones_enabled: bool
) -> str:
    """`state_key` from plain values (the live poll reads them in one query)."""
    phones = "t" if phones_enabled else "-"
    return f"{phase_id or 0}.{'p' if paused else 'r'}.{extended}.{case_step or '-'}.{phones}"
