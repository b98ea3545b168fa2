"""Reads for the live console, the projector, the summary and the fidelity report."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from praktijktafel.consent import consenting as consenting_to
from praktijktafel.models import Consent
from sessions import pve, timer
from sessions.models import (
    ActionFollowUp,
    Capture,
    Knelpunt,
    LiveState,
    Phase,
    PhaseRun,
    Question,
    Session,
    SessionChart,
)
from sessions.selectors.planning import session_facts


def _runs(session: Session) -> list[PhaseRun]:
    return list(PhaseRun.objects.filter(session=session).order_by("started_at", "pk"))


def session_clock(
    session: Session, live: LiveState, phases: list[Phase], runs: list[PhaseRun], now: datetime
) -> timer.Clock:
    return timer.clock(
        now=now,
        started_at=live.started_at,
        slot_minutes=session.slot_minutes,
        phases=[timer.PlannedPhase(p.pk, p.minutes) for p in phases],
        runs=[
            timer.Run(
                r.phase_id,
                r.started_at,
                r.ended_at,
                r.paused_at,
                r.paused_seconds,
                r.extended_seconds,
            )
            for r in runs
        ],
    )


@dataclass(frozen=True)
class StepClock:
    label: str
    budget: float
    remaining: float
    server_now: datetime


def case_step_clock(live: LiveState, phase: Phase | None, now: datetime) -> StepClock | None:
    """The incident-method step's own countdown, fitted to the case phase."""
    if not live.case_step or phase is None or phase.kind != "cases":
        return None
    budget = timer.step_budget(
        phase_minutes=phase.minutes, weights=LiveState.CASE_STEP_WEIGHTS, step=live.case_step
    )
    started = live.case_step_started_at or now
    return StepClock(
        label=str(LiveState.CaseStep(live.case_step).label),
        budget=budget,
        remaining=budget - (now - started).total_seconds(),
        server_now=now,
    )


@dataclass
class Console:
    session: Session
    live: LiveState
    phases: list[Phase]
    clock: timer.Clock
    current: Phase | None
    next_phase: Phase | None
    knelpunten: list[Knelpunt]
    captures: dict[str, list[Capture]]
    pending: list[tuple[str, Knelpunt | Capture]]
    previous_actions: list[Capture] = field(default_factory=list)
    followups: dict[int, str] = field(default_factory=dict)
    step: StepClock | None = None
    charts: list[SessionChart] = field(default_factory=list)


def previous_session(session: Session) -> Session | None:
    if session.series_id is None:
        return None
    return (
        Session.objects.filter(series_id=session.series_id, starts_at__lt=session.starts_at)
        .exclude(pk=session.pk)
        .exclude(status=Session.Status.CANCELLED)
        .order_by("-starts_at")
        .first()
    )


def console(*, session: Session, now: datetime | None = None) -> Console:
    now = now or timezone.now()
    live = LiveState.objects.select_related("starter_question", "action_question").get(
        session=session
    )
    phases = list(session.phases.order_by("position"))
    runs = _runs(session)
    clock = session_clock(session, live, phases, runs, now)
    current = next((p for p in phases if p.pk == live.current_phase_id), None)
    index = phases.index(current) if current in phases else -1
    knelpunten = list(Knelpunt.objects.filter(session=session))
    captures: dict[str, list[Capture]] = defaultdict(list)
    for capture in Capture.objects.filter(session=session).select_related("person"):
        captures[capture.kind].append(capture)
    pending: list[tuple[str, Knelpunt | Capture]] = [
        ("knelpunt", k) for k in knelpunten if not k.approved
    ]
    pending += [("capture", c) for items in captures.values() for c in items if not c.approved]
    data = Console(
        session=session,
        live=live,
        phases=phases,
        clock=clock,
        current=current,
        next_phase=phases[index + 1] if 0 <= index < len(phases) - 1 else None,
        knelpunten=knelpunten,
        captures=dict(captures),
        pending=pending,
        charts=list(session.charts.all()),
    )
    previous = previous_session(session)
    if previous is not None:
        data.previous_actions = list(
            Capture.objects.filter(session=previous, kind=Capture.Kind.INSIGHT, approved=True)
        )
        data.followups = dict(
            ActionFollowUp.objects.filter(reviewed_in=session).values_list("action_id", "status")
        )
    return data


def series_actions(*, series_id: int) -> list[tuple[Capture, str]]:
    """The group actions of the series' latest finished session, with how they were looked
    back on at a later session ('' when not yet)."""
    last = (
        Session.objects.filter(series_id=series_id, status=Session.Status.DONE)
        .order_by("-starts_at")
        .first()
    )
    if last is None:
        return []
    actions = list(Capture.objects.filter(session=last, kind=Capture.Kind.INSIGHT, approved=True))
    statuses = dict(
        ActionFollowUp.objects.filter(action__in=actions)
        .order_by("updated_at")
        .values_list("action_id", "status")
    )
    return [(action, statuses.get(action.pk, "")) for action in actions]


def question_candidates(
    *, session: Session, kind: str, theme: str = "", avoid_used: bool = True
) -> QuerySet[Question]:
    """Questions for this session's network; with `avoid_used`, none this group already had."""
    qs = Question.objects.filter(kind=kind, active=True).filter(
        network__isnull=True
    ) | Question.objects.filter(kind=kind, active=True, network_id=session.network_id)
    if theme:
        qs = qs.filter(theme__in=[theme, ""])
    if avoid_used and session.series_id:
        field_name = "starter_question" if kind == Question.Kind.START else "action_question"
        used = (
            LiveState.objects.filter(session__series_id=session.series_id)
            .exclude(session=session)
            .values_list(f"{field_name}_id", flat=True)
        )
        qs = qs.exclude(pk__in=[pk for pk in used if pk])
    return qs.order_by("text")


def question_shuffle(*, session: Session, kind: str, theme: str = "") -> Question | None:
    candidates = list(question_candidates(session=session, kind=kind, theme=theme))
    return random.choice(candidates) if candidates else None  # noqa: S311 - not security


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
    clock = session_clock(session, live, phases, _runs(session), now)
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


@dataclass
class Summary:
    session: Session
    knelpunten: list[Knelpunt]
    cases: list[str]
    tips: list[Capture]
    solutions: list[Capture]
    contacts: list[Capture]
    group_actions: list[Capture]
    sources: list[Capture]


def summary(*, session: Session) -> Summary:
    """The group's summary: anonymous bottlenecks, cases without names, contacts only
    while their person still consents."""
    captures = list(Capture.objects.filter(session=session, approved=True).select_related("person"))
    people = [c.person_id for c in captures if c.person_id]
    consenting = consenting_to(people, Consent.Kind.SHARE_CONTACT)
    by_kind: dict[str, list[Capture]] = defaultdict(list)
    for capture in captures:
        by_kind[capture.kind].append(capture)
    return Summary(
        session=session,
        knelpunten=list(
            Knelpunt.objects.filter(session=session, approved=True).order_by("-recognition")
        ),
        cases=[c.text for c in by_kind[Capture.Kind.CASE]],
        tips=by_kind[Capture.Kind.TIP],
        solutions=by_kind[Capture.Kind.SOLUTION],
        contacts=[
            c for c in by_kind[Capture.Kind.CONTACT] if not c.person_id or c.person_id in consenting
        ],
        group_actions=by_kind[Capture.Kind.INSIGHT],
        sources=by_kind[Capture.Kind.SOURCE],
    )


def consenting_participants(*, session: Session) -> list:
    """Invitees whose latest answer allows sharing their contact details."""
    from praktijktafel.models import User

    people = list(
        User.objects.filter(invitations__session=session, invitations__status="confirmed").order_by(
            "full_name"
        )
    )
    allowed = consenting_to([p.pk for p in people], Consent.Kind.SHARE_CONTACT)
    return [p for p in people if p.pk in allowed]


@dataclass
class PhaseFidelity:
    phase: Phase
    planned: int
    actual: float


@dataclass
class Fidelity:
    rows: list[PhaseFidelity]
    planned_total: int
    actual_total: float
    results: list[pve.RuleResult]


def fidelity(*, session: Session) -> Fidelity:
    """Planned against actual minutes per phase, and the PvE check on the actual times."""
    phases = list(session.phases.order_by("position"))
    runs = _runs(session)
    live = LiveState.objects.filter(session=session).first()
    now = (live.finished_at if live and live.finished_at else None) or timezone.now()
    actual = timer.actual_seconds(
        [
            timer.Run(
                r.phase_id,
                r.started_at,
                r.ended_at,
                r.paused_at,
                r.paused_seconds,
                r.extended_seconds,
            )
            for r in runs
        ],
        now,
    )
    rows = [PhaseFidelity(p, p.minutes, round(actual.get(p.pk, 0.0) / 60, 1)) for p in phases]
    facts = session_facts(session)
    actual_phases = [
        pve.PhaseMinutes(
            round(actual.get(p.pk, 0.0) / 60), p.is_landing, p.is_own_input, p.is_knowledge_input
        )
        for p in phases
    ]
    borging = Capture.objects.filter(
        session=session,
        kind__in=[Capture.Kind.TIP, Capture.Kind.SOLUTION, Capture.Kind.CONTACT],
    ).count()
    start = live.started_at if live else session.starts_at
    end = (live.finished_at if live and live.finished_at else None) or session.ends_at
    actual_facts = pve.SessionFacts(
        **{
            **facts.__dict__,
            "phases": actual_phases,
            "starts_at": start,
            "ends_at": end,
            "finished": True,
            "borging_items": borging,
        }
    )
    results = [
        r
        for r in pve.check(actual_facts, now=now)
        if r.rule in ("edges", "short", "landing", "own_input", "knowledge", "borging")
    ]
    return Fidelity(
        rows=rows,
        planned_total=sum(r.planned for r in rows),
        actual_total=round(sum(r.actual for r in rows), 1),
        results=results,
    )


def promoted_waiting(*, network_id: int) -> QuerySet[Capture]:
    """Tips and solutions offered to the kennisbank, with their source (sector, quarter)."""
    return (
        Capture.objects.filter(session__network_id=network_id, promoted_at__isnull=False)
        .select_related("session", "session__sector")
        .order_by("-promoted_at")
    )


__all__ = [
    "Console",
    "Fidelity",
    "Projector",
    "StepClock",
    "Summary",
    "case_step_clock",
    "consenting_participants",
    "console",
    "fidelity",
    "previous_session",
    "projector",
    "promoted_waiting",
    "question_candidates",
    "question_shuffle",
    "series_actions",
    "session_clock",
    "summary",
]
