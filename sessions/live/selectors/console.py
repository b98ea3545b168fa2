"""Reads for the facilitator's live console."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django.db.models import QuerySet
from django.utils import timezone

from praktijktafel.consent import consenting as consenting_to
from praktijktafel.models import Consent
from sessions.agenda import PhaseKind
from sessions.live import timer
from sessions.live.limits import GROUP_ACTIONS_GOAL, HELD_SHOWN
from sessions.live.selectors.clock import (
    StepClock,
    case_step_clock,
    phase_runs,
    session_clock,
    state_key,
)
from sessions.live.selectors.list_digests import ListDigests, list_digests
from sessions.live.selectors.list_rows import (
    SENT_WHOLE_UP_TO,
    KeptRows,
    ShownCaptures,
    list_rows,
)
from sessions.live.selectors.privacy import LivePrivacy, release_reach
from sessions.live.tab import ShownInTab
from sessions.models import (
    KNELPUNT,
    ActionCheck,
    ActionFollowUp,
    Capture,
    Knelpunt,
    LiveState,
    Phase,
    Question,
    Session,
    SessionChart,
    item_kind,
)
from sessions.selectors.sessions import attended, previous_session

# The kind the capture form starts on, by the kind of the phase on screen.
DEFAULT_KIND_BY_PHASE: dict[str, str] = {
    PhaseKind.LANDING: KNELPUNT,
    PhaseKind.CASES: Capture.Kind.TIP,
    PhaseKind.CLOSING: Capture.Kind.GROUP_ACTION,
    PhaseKind.KNOWLEDGE: Capture.Kind.SOURCE,
}
DEFAULT_KIND: str = Capture.Kind.TIP


@dataclass(frozen=True)
class GroupActions:
    count: int
    goal: int = GROUP_ACTIONS_GOAL

    @property
    def reached(self) -> bool:
        return self.count >= self.goal


@dataclass(frozen=True)
class ShownList:
    """One list of the console. Its items are read only when the list is drawn: the template
    keeps a list's HTML by its digest (list_digests), so an unchanged list is never read."""

    kind: str  # KNELPUNT or a capture kind
    label: str
    count: int
    digest: str | None
    rows: Callable[[], Sequence[Knelpunt | Capture | KeptRows]]

    @property
    def items(self) -> Sequence[Knelpunt | Capture | KeptRows]:
        return self.rows()


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
    def needs_help(self) -> bool:
        return self.reported == ActionCheck.Answer.HELP

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
class ConsoleState:
    """The timer column (#live-state): the phase, its clock and what the phase on screen
    needs (questions, charts, the case step, last time's actions). No captured items."""

    session: Session
    live: LiveState
    phases: list[Phase]
    clock: timer.Clock
    current: Phase | None
    next_phase: Phase | None
    state_key: str  # what the timer buttons were drawn on (see clock.state_key)
    default_kind: str = DEFAULT_KIND
    step: StepClock | None = None
    charts: list[SessionChart] = field(default_factory=list)
    shown_chart: SessionChart | None = None  # live.shown_chart, clamped to the charts there are
    shown_chart_index: int = -1
    previous_rows: list[PreviousAction] = field(default_factory=list)
    starter_questions: list[Question] = field(default_factory=list)
    action_questions: list[Question] = field(default_factory=list)
    group_actions: GroupActions | None = None  # only in the closing phase

    @property
    def kind(self) -> str:
        return self.current.kind if self.current else ""

    @property
    def buffer_used_minutes(self) -> int:
        """Whole minutes of the buffer used so far (a started minute counts)."""
        return -(-int(self.clock.buffer_used) // 60)

    @property
    def buffer_total_minutes(self) -> int:
        return int(self.clock.buffer_total) // 60


def console_state(*, session: Session, now: datetime | None = None) -> ConsoleState:
    now = now or timezone.now()
    live = LiveState.objects.select_related("starter_question", "action_question").get(
        session=session
    )
    phases = list(session.phases.order_by("position"))
    runs = phase_runs(session)
    current = next((p for p in phases if p.pk == live.current_phase_id), None)
    index = phases.index(current) if current in phases else -1
    kind = current.kind if current else ""
    state = ConsoleState(
        session=session,
        live=live,
        phases=phases,
        clock=session_clock(session, live, phases, runs, now),
        current=current,
        next_phase=phases[index + 1] if 0 <= index < len(phases) - 1 else None,
        state_key=state_key(live, next((r for r in runs if r.ended_at is None), None)),
        default_kind=DEFAULT_KIND_BY_PHASE.get(kind, DEFAULT_KIND),
        step=case_step_clock(live, current, now),
    )
    if kind == PhaseKind.KNOWLEDGE:
        state.charts = list(session.charts.all())
        if state.charts:
            state.shown_chart_index = min(live.shown_chart, len(state.charts) - 1)
            state.shown_chart = state.charts[state.shown_chart_index]
    if kind in (PhaseKind.WELCOME, PhaseKind.LANDING):
        state.starter_questions = list(
            question_candidates(session=session, kind=Question.Kind.START, theme=session.theme)
        )
    if kind == PhaseKind.WELCOME:
        state.previous_rows = previous_actions(session=session)
    if kind == PhaseKind.CLOSING:
        state.action_questions = list(
            question_candidates(session=session, kind=Question.Kind.ACTION, theme=session.theme)
        )
        state.group_actions = GroupActions(
            Capture.objects.filter(
                session=session, kind=Capture.Kind.GROUP_ACTION, approved=True
            ).count()
        )
    return state


def previous_actions(*, session: Session) -> list[PreviousAction]:
    """The group actions of the previous session of the series, with how they went."""
    previous = previous_session(session)
    if previous is None:
        return []
    actions = Capture.objects.filter(
        session=previous, kind=Capture.Kind.GROUP_ACTION, approved=True
    ).select_related("followup_mail")
    statuses = dict(
        ActionFollowUp.objects.filter(reviewed_in=session).values_list("action_id", "status")
    )
    return [PreviousAction(a, statuses.get(a.pk, ""), _reported(a)) for a in actions]


@dataclass
class ConsoleLists:
    """The captured items (#lists) and the held ones (#pending, sent along out of band)."""

    session: Session
    version: int  # the lists' poll asks whether the session changed since this one
    closing: bool  # the closing phase's badge follows the lists
    knelpunten: ShownList  # shown ones, by time
    capture_lists: list[ShownList]  # shown ones, per kind
    tab: ShownInTab | None  # what the asking tab shows, and which lists it gets whole
    pending_rows: list[PendingItem]  # the oldest HELD_SHOWN held items
    held_waiting: int  # held items beyond those
    group_actions: GroupActions

    @property
    def empty(self) -> bool:
        return not self.pending_rows and not any(
            shown.count for shown in [self.knelpunten, *self.capture_lists]
        )


def _count_digest(digests: ListDigests, name: str) -> tuple[int, str | None]:
    shown = digests.of(name)
    return shown.count, shown.digest


def console_lists(*, session: Session, tab: ShownInTab | None = None) -> ConsoleLists:
    """The lists for a tab (`tab`: what it said it shows, else None: all of them whole)."""
    digests = list_digests(session_id=session.pk)
    held: list[Knelpunt | Capture] = []
    first = ("from_phone", "created_at", "pk")
    if digests.held.get(KNELPUNT):
        held += Knelpunt.objects.filter(session=session, approved=False).order_by(*first)[
            :HELD_SHOWN
        ]
    if any(name != KNELPUNT for name in digests.held):
        captures_held = Capture.objects.filter(session=session, approved=False)
        held += captures_held.select_related("person").order_by(*first)[:HELD_SHOWN]
    # What the facilitator typed first (they wait for it), then the phones', oldest first.
    held = sorted(
        held, key=lambda item: (item.from_phone, item.created_at, item_kind(item), item.pk)
    )[:HELD_SHOWN]
    privacy = LivePrivacy(session) if held else None
    recipients = attended(session_id=session.pk).count() if held else 0
    captures = ShownCaptures(session.pk, tab)
    if tab is not None:
        short = {f"list-{name}" for name, d in digests.shown.items() if d.count <= SENT_WHOLE_UP_TO}
        tab = tab.sending_whole(short)
    return ConsoleLists(
        session=session,
        tab=tab,
        version=digests.version,
        closing=digests.closing,
        knelpunten=ShownList(
            KNELPUNT,
            "",
            *_count_digest(digests, KNELPUNT),
            lambda: list_rows(
                Knelpunt.objects.filter(session_id=session.pk, approved=True),
                tab,
                with_person=False,
                count=digests.of(KNELPUNT).count,
            ),
        ),
        capture_lists=[
            ShownList(
                kind,
                str(label),
                *_count_digest(digests, kind),
                partial(captures.of, kind, digests.of(kind).count),
            )
            for kind, label in Capture.Kind.choices
        ],
        pending_rows=[
            PendingItem(
                item_kind(item),
                item,
                privacy.warnings(item.text) if privacy else [],
                release_reach(kind=item_kind_of(item), recipients=recipients),
            )
            for item in held
        ],
        held_waiting=max(0, sum(digests.held.values()) - len(held)),
        group_actions=GroupActions(digests.of(Capture.Kind.GROUP_ACTION).count),
    )


@dataclass(frozen=True)
class FinishFacts:
    """What the finish question tells before the session closes."""

    recipients: int
    delay_minutes: int
    pending: int
    group_actions: GroupActions


def console_finish_facts(*, session: Session, delay_minutes: int) -> FinishFacts:
    pending = Knelpunt.objects.filter(session=session, approved=False).count()
    pending += Capture.objects.filter(session=session, approved=False).count()
    actions = Capture.objects.filter(
        session=session, kind=Capture.Kind.GROUP_ACTION, approved=True
    ).count()
    return FinishFacts(
        recipients=attended(session_id=session.pk).count(),
        delay_minutes=delay_minutes,
        pending=pending,
        group_actions=GroupActions(actions),
    )


def start_undoable(*, session: Session, lists: ConsoleLists) -> bool:
    """Nothing captured or looked back on yet: the start can still be taken back."""
    return lists.empty and not ActionFollowUp.objects.filter(reviewed_in=session).exists()


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
