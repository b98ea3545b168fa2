"""Reads for the facilitator's live console."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from praktijktafel.consent import consenting as consenting_to
from praktijktafel.models import Consent
from sessions import timer
from sessions.models import (
    KNELPUNT,
    ActionCheck,
    ActionFollowUp,
    Capture,
    Knelpunt,
    LiveState,
    Phase,
    PhaseRun,
    Question,
    Session,
    SessionChart,
    item_kind,
)
from sessions.selectors.clock import (
    StepClock,
    case_step_clock,
    phase_runs,
    session_clock,
    state_key,
)
from sessions.selectors.sessions import previous_session
from sessions.services.captures import attendees
from sessions.services.privacy import LivePrivacy, release_reach

# The kind the capture form starts on, by the kind of the phase on screen.
DEFAULT_KIND_BY_PHASE = {
    "landing": KNELPUNT,
    "cases": Capture.Kind.TIP,
    "closing": Capture.Kind.INSIGHT,
    "knowledge": Capture.Kind.SOURCE,
}
DEFAULT_KIND = Capture.Kind.TIP
# The appendix: the group closes with three concrete insights or actions.
GROUP_ACTIONS_GOAL = 3


@dataclass(frozen=True)
class CaptureList:
    kind: str
    label: str
    items: list[Capture]


@dataclass(frozen=True)
class PendingItem:
    """An item held back from the projector: from a phone, or with a privacy warning."""

    key: str  # KNELPUNT or "capture": the kind segment of the item's URLs
    item: Knelpunt | Capture
    warnings: list
    reach: list[str] = field(default_factory=list)  # what releasing it does, per channel

    @property
    def ref(self) -> str:
        """The row's id: a knelpunt and a capture can share a pk."""
        return f"{self.key}-{self.item.pk}"


@dataclass(frozen=True)
class PreviousAction:
    action: Capture
    status: str  # an ActionFollowUp.Status, or "" while not looked back on
    reported: str = ""  # the owner's own answer to the follow-up mail (an ActionCheck.Answer)

    @property
    def reported_label(self) -> str:
        return str(ActionCheck.Answer(self.reported).label) if self.reported else ""


def _reported(action: Capture) -> str:
    """The owner's answer to the follow-up mail ("" when none was sent or answered)."""
    check = getattr(action, "followup_mail", None)  # a missing one-to-one raises otherwise
    return check.answer if check is not None else ""


def item_kind_of(item: Knelpunt | Capture) -> str:
    """KNELPUNT, or the capture's own kind (a case, a tip, ...)."""
    return KNELPUNT if isinstance(item, Knelpunt) else item.kind


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
    default_kind: str = DEFAULT_KIND
    capture_lists: list[CaptureList] = field(default_factory=list)
    previous_rows: list[PreviousAction] = field(default_factory=list)
    shown_chart: SessionChart | None = None  # live.shown_chart, clamped to the charts there are
    shown_chart_index: int = -1
    group_actions_goal: int = GROUP_ACTIONS_GOAL
    pending_rows: list[PendingItem] = field(default_factory=list)
    state_key: str = ""  # what the timer buttons were drawn on (see live_state.state_key)

    @property
    def buffer_used_minutes(self) -> int:
        """Whole minutes of the buffer used so far (a started minute counts)."""
        return -(-int(self.clock.buffer_used) // 60)

    @property
    def buffer_total_minutes(self) -> int:
        return int(self.clock.buffer_total) // 60

    @property
    def start_undoable(self) -> bool:
        """Nothing captured yet: the start can still be taken back (live_start_undo)."""
        return not self.knelpunten and not any(self.captures.values()) and not self.followups

    @property
    def group_actions_count(self) -> int:
        return len(self.captures.get(Capture.Kind.INSIGHT, []))

    @property
    def group_actions_reached(self) -> bool:
        return self.group_actions_count >= self.group_actions_goal


def state_key_of(session: Session) -> str:
    """The timer state a console tab should show now; "finished" once the session is."""
    live = LiveState.objects.filter(session=session).only(
        "current_phase_id", "case_step", "finished_at", "session_id", "phones_enabled"
    )[:1]
    found = next(iter(live), None)
    if found is None or found.finished_at is not None:
        return "finished"
    run = PhaseRun.objects.filter(session=session, ended_at__isnull=True).first()
    return state_key(found, run)


def console(*, session: Session, now: datetime | None = None) -> Console:
    now = now or timezone.now()
    live = LiveState.objects.select_related("starter_question", "action_question").get(
        session=session
    )
    phases = list(session.phases.order_by("position"))
    runs = phase_runs(session)
    clock = session_clock(session, live, phases, runs, now)
    current = next((p for p in phases if p.pk == live.current_phase_id), None)
    index = phases.index(current) if current in phases else -1
    knelpunten = list(Knelpunt.objects.filter(session=session))
    captures: dict[str, list[Capture]] = defaultdict(list)
    for capture in Capture.objects.filter(session=session).select_related("person"):
        captures[capture.kind].append(capture)
    pending: list[tuple[str, Knelpunt | Capture]] = [
        (item_kind(k), k) for k in knelpunten if not k.approved
    ]
    pending += [(item_kind(c), c) for items in captures.values() for c in items if not c.approved]
    privacy = LivePrivacy(session) if pending else None
    recipients = len(attendees(session)) if pending else 0
    pending_rows = [
        PendingItem(
            key,
            item,
            privacy.warnings(item.text) if privacy else [],
            release_reach(kind=item_kind_of(item), recipients=recipients),
        )
        for key, item in pending
    ]
    charts = list(session.charts.all())
    shown = min(live.shown_chart, len(charts) - 1) if charts else -1
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
        pending_rows=pending_rows,
        charts=charts,
        default_kind=DEFAULT_KIND_BY_PHASE.get(current.kind if current else "", DEFAULT_KIND),
        capture_lists=[
            CaptureList(kind, str(label), [c for c in captures.get(kind, []) if c.approved])
            for kind, label in Capture.Kind.choices
        ],
        shown_chart=charts[shown] if shown >= 0 else None,
        shown_chart_index=shown,
        state_key=state_key(live, next((r for r in runs if r.ended_at is None), None)),
        step=case_step_clock(live, current, now),
    )
    previous = previous_session(session)
    if previous is not None:
        data.previous_actions = list(
            Capture.objects.filter(
                session=previous, kind=Capture.Kind.INSIGHT, approved=True
            ).select_related("followup_mail")
        )
        data.followups = dict(
            ActionFollowUp.objects.filter(reviewed_in=session).values_list("action_id", "status")
        )
        data.previous_rows = [
            PreviousAction(action, data.followups.get(action.pk, ""), _reported(action))
            for action in data.previous_actions
        ]
    return data


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


def consenting_participants(*, session: Session) -> list:
    """Members among the participants whose latest answer for this network allows sharing
    their contact details (someone who has not joined is known here only as typed)."""
    from praktijktafel.models import User

    people = list(
        User.objects.filter(
            invitations__session=session,
            invitations__status="confirmed",
            invitations__joins_network=False,
        ).order_by("full_name")
    )
    allowed = consenting_to(
        [p.pk for p in people], Consent.Kind.SHARE_CONTACT, network=session.network_id
    )
    return [p for p in people if p.pk in allowed]
