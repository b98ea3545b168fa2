"""Reads for the projector: what the room sees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from sessions import timer
from sessions.models import Capture, Knelpunt, LiveState, Session
from sessions.selectors.clock import StepClock, case_step_clock, phase_runs, session_clock


@dataclass
class Projector:
    """What the room sees. Built without any name or contact detail, on purpose."""

    session_title: str
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
    chart: dict | None = None  # the frozen data of the chart on screen in phase 3
    chart_number: int = 0
    chart_total: int = 0


def projector(*, session: Session, now: datetime | None = None) -> Projector:
    now = now or timezone.now()
    live = LiveState.objects.select_related(
        "current_phase", "starter_question", "action_question"
    ).get(session=session)
    phases = list(session.phases.order_by("position"))
    clock = session_clock(session, live, phases, phase_runs(session), now)
    phase = live.current_phase
    kind = phase.kind if phase else ""
    question = ""
    if kind in ("welcome", "landing") and live.starter_question:
        question = live.starter_question.text
    elif kind == "closing" and live.action_question:
        question = live.action_question.text
    knelpunten = list(
        Knelpunt.objects.filter(session=session, approved=True)
        .order_by("-recognition", "created_at")
        .values_list("text", "recognition")[:12]
    )
    actions = list(
        Capture.objects.filter(session=session, kind=Capture.Kind.INSIGHT, approved=True)
        .order_by("created_at")
        .values_list("text", flat=True)[:6]
    )
    return Projector(
        session_title=session.title,
        phase_title=phase.title if phase else "",
        phase_kind=kind,
        clock=clock,
        version=live.version,
        finished=live.finished_at is not None,
        question=question,
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
    if kind != "knowledge":
        return {}
    charts = list(session.charts.values_list("data", flat=True))
    if not charts:
        return {}
    index = min(live.shown_chart, len(charts) - 1)
    return {"chart": charts[index], "chart_number": index + 1, "chart_total": len(charts)}
