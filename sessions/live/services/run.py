"""Running a session live: start, the phase timer (go to, next, previous, pause, extend),
the case step, the questions and note on screen, phones, and finishing."""

from __future__ import annotations

import functools
import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sessions import tasks
from sessions.agenda import PhaseKind
from sessions.live.limits import EXTEND_MINUTES, NOTE_MAX
from sessions.live.selectors.console import question_candidates
from sessions.live.selectors.privacy import live_privacy_warnings
from sessions.live.services.state import live_state_bump, live_state_expect, live_state_lock
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
from sessions.services.followups import followups_schedule

# Starting this long before the planned start asks first: a start turns the session page
# read-only (no more inviting, planning or cancelling), so a click on the wrong day matters.
EARLY_START = timedelta(hours=2)


# The default `expected` of the timer services: code that acts on the server's own state (the
# demo, tests, a call under a lock that already checked) has no tab that can be stale. The
# console's views always pass the state key the tab posted, an empty one included.
class _ServerSide:
    """The type of CHECKED: no string a tab can post equals it."""


CHECKED = _ServerSide()
Expected = str | _ServerSide

# A session finished by mistake can be reopened for this long: the summary mails are queued
# to go out only after it (django-tasks' run_after), and each mail checks, when it runs, that
# the session is still finished at the same moment. Fifteen minutes: long enough to notice a
# wrong click while packing up, short enough that the mail arrives while the evening is fresh.
REOPEN_MINUTES = 15

PHONE_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _lock(session: Session, expected: Expected) -> LiveState:
    """Lock the session's live row; a console tab's action must have been pressed on the
    state the server has (see `live_state_expect`), the server's own call need not."""
    live = live_state_lock(session)
    if not isinstance(expected, _ServerSide):
        live_state_expect(live, expected)
    return live


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _open_run(session: Session) -> PhaseRun | None:
    return PhaseRun.objects.filter(session=session, ended_at__isnull=True).first()


def _close(run: PhaseRun | None, now: datetime) -> None:
    if run is None:
        return
    if run.paused_at is not None:
        run.paused_seconds += int((now - run.paused_at).total_seconds())
        run.paused_at = None
    run.ended_at = now
    run.save(update_fields=["ended_at", "paused_at", "paused_seconds"])


def _new_phone_code() -> str:
    return "".join(secrets.choice(PHONE_CODE_ALPHABET) for _ in range(6))


@transaction.atomic
def live_start(*, session: Session, now: datetime | None = None) -> LiveState:
    """Start the session: phase 1 begins. Starting twice returns the running session."""
    now = _now(now)
    session = Session.objects.select_for_update().get(pk=session.pk)
    existing = LiveState.objects.filter(session=session).first()
    if existing is not None:
        return existing
    if session.status not in (Session.Status.CONCEPT, Session.Status.INVITED):
        raise ValidationError(_("Only a planned session can start."))
    first = session.phases.order_by("position").first()
    if first is None:
        raise ValidationError(_("An agenda needs at least one phase."))
    # The wall is not blank at the start: the first starter question of the library is on
    # it until the facilitator shows or shuffles another.
    starter = question_candidates(
        session=session, kind=Question.Kind.START, theme=session.theme
    ).first()
    live = LiveState(session=session, started_at=now, current_phase=first, starter_question=starter)
    for _attempt in range(5):
        live.phone_code = _new_phone_code()
        try:
            with transaction.atomic():
                live.save()
            break
        except IntegrityError:
            continue
    PhaseRun.objects.create(session=session, phase=first, started_at=now)
    session.status = Session.Status.LIVE
    session.save(update_fields=["status", "updated_at"])
    return live


def starts_early(session: Session, now: datetime | None = None) -> bool:
    """Would starting now be more than EARLY_START before the planned time?"""
    return session.starts_at - _now(now) > EARLY_START


@transaction.atomic
def live_start_undo(*, session: Session) -> Session:
    """Take back a start while nothing was captured: the session is planned again, with its
    invitations, agenda and charts as they were. Once a knelpunt, capture or look-back is
    stored, the session is being held and stays started (finish it instead)."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    live = LiveState.objects.select_for_update().filter(session=session).first()
    if live is None:
        return session
    if live.finished_at is not None:
        raise ValidationError(_("This session is finished: a start can no longer be undone."))
    if (
        Knelpunt.objects.filter(session=session).exists()
        or Capture.objects.filter(session=session).exists()
        or ActionFollowUp.objects.filter(reviewed_in=session).exists()
    ):
        raise ValidationError(
            _("Something was already captured in this session, so the start stays.")
        )
    PhaseRun.objects.filter(session=session).delete()
    live.delete()
    session.status = (
        Session.Status.INVITED if session.invitations_sent_at else Session.Status.CONCEPT
    )
    session.save(update_fields=["status", "updated_at"])
    return session


@transaction.atomic
def live_goto(
    *, session: Session, phase: Phase, now: datetime | None = None, expected: Expected = CHECKED
) -> LiveState:
    """Go to `phase`. `expected`: the state key the console tab was drawn on; a tab that
    missed a change is refused (see `live_state_expect`)."""
    now = _now(now)
    live = _lock(session, expected)
    if phase.session_id != session.pk:
        raise ValidationError(_("That phase belongs to another session."))
    if live.current_phase_id == phase.pk:
        return live
    _close(_open_run(session), now)
    PhaseRun.objects.create(session=session, phase=phase, started_at=now)
    live.current_phase = phase
    if phase.kind == PhaseKind.CASES and not live.case_step:
        live.case_step, live.case_step_started_at = LiveState.CaseStep.CHOOSE, now
    live_state_bump(live, "current_phase", "case_step", "case_step_started_at")
    return live


def _neighbour(session: Session, live: LiveState, offset: int) -> Phase | None:
    phases = list(session.phases.order_by("position"))
    index = next((i for i, p in enumerate(phases) if p.pk == live.current_phase_id), 0)
    target = index + offset
    return phases[target] if 0 <= target < len(phases) else None


def _step(session: Session, offset: int, now: datetime | None, expected: Expected):
    with transaction.atomic():
        live = _lock(session, expected)
        target = _neighbour(session, live, offset)
        if target is None:
            return live
        return live_goto(session=session, phase=target, now=now, expected=CHECKED)


def live_next(
    *, session: Session, now: datetime | None = None, expected: Expected = CHECKED
) -> LiveState:
    return _step(session, +1, now, expected)


def live_previous(
    *, session: Session, now: datetime | None = None, expected: Expected = CHECKED
) -> LiveState:
    return _step(session, -1, now, expected)


@transaction.atomic
def live_pause_toggle(
    *, session: Session, now: datetime | None = None, expected: Expected = CHECKED
) -> LiveState:
    now = _now(now)
    live = _lock(session, expected)
    run = _open_run(session)
    if run is None:
        return live
    if run.paused_at is None:
        run.paused_at = now
    else:
        run.paused_seconds += int((now - run.paused_at).total_seconds())
        run.paused_at = None
    run.save(update_fields=["paused_at", "paused_seconds"])
    live_state_bump(live)
    return live


@transaction.atomic
def live_extend(
    *, session: Session, minutes: int = EXTEND_MINUTES, expected: Expected = CHECKED
) -> LiveState:
    live = _lock(session, expected)
    run = _open_run(session)
    if run is not None:
        run.extended_seconds += minutes * 60
        run.save(update_fields=["extended_seconds"])
    live_state_bump(live)
    return live


@transaction.atomic
def live_case_step(
    *, session: Session, step: str, now: datetime | None = None, expected: Expected = CHECKED
) -> LiveState:
    if step not in LiveState.CaseStep.values:
        raise ValidationError(_("Unknown step."))
    live = _lock(session, expected)
    live.case_step, live.case_step_started_at = step, _now(now)
    live_state_bump(live, "case_step", "case_step_started_at")
    return live


@transaction.atomic
def live_question(*, session: Session, question: Question) -> LiveState:
    live = live_state_lock(session)
    if question.network_id not in (None, session.network_id):
        raise ValidationError(_("That question belongs to another network."))
    if question.kind == Question.Kind.START:
        live.starter_question = question
    else:
        live.action_question = question
    live_state_bump(live, "starter_question", "action_question")
    return live


@transaction.atomic
def live_note(*, session: Session, text: str) -> LiveState:
    """The note shown under the knowledge input on the projector. It goes straight to the
    room, so a note that may point to a person (a name, contact details, health) is refused
    with what was found, like every other text before it reaches the projector."""
    text = (text or "").strip()
    warnings = live_privacy_warnings(session=session, text=text) if text else []
    if warnings:
        found = "; ".join(w.message for w in warnings)
        raise ValidationError(
            {
                "text": _(
                    "Not saved: this goes on the projector and may point to a person (%(found)s). "
                    "Leave it out or write it so nobody can be recognised."
                )
                % {"found": found}
            }
        )
    live = live_state_lock(session)
    live.knowledge_note = text[:NOTE_MAX]
    live_state_bump(live, "knowledge_note")
    return live


@transaction.atomic
def phones_toggle(*, session: Session, enabled: bool) -> LiveState:
    live = live_state_lock(session)
    live.phones_enabled = enabled
    live_state_bump(live, "phones_enabled")
    return live


@transaction.atomic
def live_finish(*, session: Session, now: datetime | None = None) -> LiveState:
    """Close the session and store the actual times. The summary goes to those who came
    REOPEN_MINUTES later, unless the session was reopened in the meantime."""
    now = _now(now)
    live = live_state_lock(session)
    _close(_open_run(session), now)
    live.finished_at = now
    live.phones_enabled = False
    live_state_bump(live, "finished_at", "phones_enabled")
    Session.objects.filter(pk=session.pk).update(status=Session.Status.DONE, updated_at=now)
    send_at = now + timedelta(minutes=REOPEN_MINUTES)
    stamp = now.isoformat()
    # One mail task per invited person: each checks, when it runs after the reopen window,
    # whether the person attended by the check-in list as it is then (often ticked while
    # packing up, after this press).
    for invitation in session.invitations.all():
        transaction.on_commit(
            functools.partial(
                tasks.send_summary_mail.using(run_after=send_at).enqueue, invitation.pk, stamp
            )
        )
    # "Hoe staat het met ...?" halfway to the next session; a reopened session sends nothing
    # from this schedule (the task checks the session is finished when it runs).
    followups_schedule(session=session)
    return live


def reopen_until(live: LiveState) -> datetime | None:
    """Until when a finished session can be reopened (None: it is not finished)."""
    if live.finished_at is None:
        return None
    return live.finished_at + timedelta(minutes=REOPEN_MINUTES)


@transaction.atomic
def live_reopen(*, session: Session, now: datetime | None = None) -> LiveState:
    """Undo a finish within REOPEN_MINUTES: the queued summary mails will not go out (they
    check the finish moment), the phase that was on goes on, the time in between is a pause."""
    now = _now(now)
    live = LiveState.objects.select_for_update().get(session_id=session.pk)
    until = reopen_until(live)
    finished_at = live.finished_at
    if until is None or finished_at is None:
        return live
    if now > until:
        raise ValidationError(
            _("Too late to reopen: the summary has gone out %(minutes)d minutes after finishing.")
            % {"minutes": REOPEN_MINUTES}
        )
    live.finished_at = None
    live_state_bump(live, "finished_at")
    Session.objects.filter(pk=session.pk).update(status=Session.Status.LIVE, updated_at=now)
    last = PhaseRun.objects.filter(session=session).order_by("-started_at", "-pk").first()
    if last is not None and last.ended_at == finished_at:
        # Carry on in the same run, with the time the session was closed as a pause.
        last.ended_at = None
        last.paused_seconds += int((now - finished_at).total_seconds())
        last.save(update_fields=["ended_at", "paused_seconds"])
    elif live.current_phase_id:
        PhaseRun.objects.create(session=session, phase_id=live.current_phase_id, started_at=now)
    return live


@transaction.atomic
def live_chart_show(*, session: Session, index: int) -> LiveState:
    live = live_state_lock(session)
    count = SessionChart.objects.filter(session=session).count()
    if not 0 <= index < max(count, 1):
        raise ValidationError(_("That chart is not in this session: choose one of its charts."))
    live.shown_chart = index if count else 0
    live_state_bump(live, "shown_chart")
    return live
