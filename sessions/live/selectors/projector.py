"""Reads for the projector: what the room sees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from sectordata.chartdata import ChartData
from sessions.agenda import PhaseKind
from sessions.live import timer
from sessions.live.limits import PROJECTOR_GROUP_ACTIONS, PROJECTOR_KNELPUNTEN
from sessions.live.selectors.clock import StepClock, case_step_clock, phase_runs, session_clock
from sessions.models import Capture, Knelpunt, LiveState, Session

QUESTION_PHASES: dict[str, str] = {
    PhaseKind.WELCOME: "starter_question",
    PhaseKind.LANDING: "starter_question",
    PhaseKind.CLOSING: "action_question",
}


@dataclass
class Projector:
    """What the room sees. Built without any name or contact detail, on purpose."""

    session: Session
    phase_title: str
    phase_kind: str
    clock: timer.Clock
    version: int
    finished: bool
    question: str
    knelpunten: list[tuple[str, int]]
    group_actions: list[str]
    case_step: str
    case_step_label: str
    knowledge_note: str
    phones_enabled: bool
    phone_code: str
    step: StepClock | None = None
    chart: ChartData | None = None  # the frozen data of the chart on screen in phase 3
    chart_number: int = 0
    chart_total: int = 0


def projector(*, session_id: int, now: datetime | None = None) -> Projector:
    """The projector's screen. Reads only what the phase on screen shows: the bottlenecks in
    the welcome and landing phases, the charts in the knowledge phase, the group's actions
    when closing. Raises LiveState.DoesNotExist before the start."""
    now = now or timezone.now()
    live = LiveState.objects.select_related(
        "session", "current_phase", "starter_question", "action_question"
    ).get(session_id=session_id)
    session = live.session
    phases = list(session.phases.order_by("position"))
    clock = session_clock(session, live, phases, phase_runs(session), now)
    phase = live.current_phase
    kind = phase.kind if phase else ""
    question = getattr(live, QUESTION_PHASES[kind]) if kind in QUESTION_PHASES else None
    knelpunten: list[tuple[str, int]] = []
    if kind in (PhaseKind.WELCOME, PhaseKind.LANDING):
        knelpunten = list(
            Knelpunt.objects.filter(session=session, approved=True)
            .order_by("-recognition", "created_at")
            .values_list("text", "recognition")[:PROJECTOR_KNELPUNTEN]
        )
    actions: list[str] = []
    if kind == PhaseKind.CLOSING:
        actions = list(
            Capture.objects.filter(session=session, kind=Capture.Kind.GROUP_ACTION, approved=True)
            .order_by("created_at")
            .values_list("text", flat=True)[:PROJECTOR_GROUP_ACTIONS]
        )
    return Projector(
        session=session,
        phase_title=phase.title if phase else "",
        phase_kind=kind,
        clock=clock,
        version=live.screen_version,  # what its poll compares: only what it shows
        finished=live.finished_at is not None,
        question=question.text if question else "",
        knelpunten=knelpunten,
        group_actions=actions,
        case_step=live.case_step,
        case_step_label=str(LiveState.CaseStep(live.case_step).label) if live.case_step else "",
        knowledge_note=live.knowledge_note,
        phones_enabled=live.phones_enabled and live.finished_at is None,
        phone_code=live.phone_code or "",
        step=case_step_clock(live, phase, now),
        **_projector_chart(session, live, kind),
    )


def _projector_chart(session: Session, live: LiveState, kind: str) -> dict:
    if kind != PhaseKind.KNOWLEDGE:
        return {}
    charts = list(session.charts.values_list("data", flat=True))
    if not charts:
        return {}
    index = min(live.shown_chart, len(charts) - 1)
    return {
        "chart": ChartData.from_json(charts[index]),
        "chart_number": index + 1,
        "chart_total": len(charts),
    }
