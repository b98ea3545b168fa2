"""Reads after the session: the group's summary, the fidelity report, what was offered to
the kennisbank."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from praktijktafel.consent import consenting as consenting_to
from praktijktafel.models import Consent
from sessions import pve
from sessions.live import timer
from sessions.live.selectors.clock import phase_runs, timer_run
from sessions.models import Capture, Knelpunt, LiveState, Phase, Session
from sessions.selectors.sessions import session_facts


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
    consenting = consenting_to(people, Consent.Kind.SHARE_CONTACT, network=session.network_id)
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
        group_actions=by_kind[Capture.Kind.GROUP_ACTION],
        sources=by_kind[Capture.Kind.SOURCE],
    )


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
    runs = phase_runs(session)
    live = LiveState.objects.filter(session=session).first()
    now = (live.finished_at if live and live.finished_at else None) or timezone.now()
    actual = timer.actual_seconds([timer_run(r) for r in runs], now)
    rows = [PhaseFidelity(p, p.minutes, round(actual.get(p.pk, 0.0) / 60, 1)) for p in phases]
    facts = session_facts(session)
    actual_phases = [
        pve.PhaseMinutes(
            round(actual.get(p.pk, 0.0) / 60), p.is_landing, p.is_own_input, p.is_knowledge_input
        )
        for p in phases
    ]
    borging = Capture.objects.filter(  # what the summary lists: a held item is not recorded
        session=session,
        approved=True,
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
