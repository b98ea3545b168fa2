"""Running a session live. Every write locks the session's LiveState row, so two tabs or a
retried request cannot interleave, and raises `version` so the projector sees the change."""

from __future__ import annotations

import functools
import hashlib
import secrets
from datetime import datetime, timedelta
from uuid import UUID

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kennisbank import services as kennisbank_services
from praktijktafel.dates import quarter_of
from praktijktafel.models import Consent, User
from sessions import tasks
from sessions.models import (
    ActionFollowUp,
    Capture,
    Evaluation,
    EvaluationReceipt,
    Invitation,
    Knelpunt,
    LiveState,
    Phase,
    PhaseRun,
    Question,
    Session,
)

EXTEND_MINUTES = 5
PHONE_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
EVALUATION_SALT = "praktijktafel.sessions.evaluation"
EVALUATION_MAX_AGE = timedelta(days=30)
MAX_TEXT = 500


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _locked(session: Session) -> LiveState:
    live = LiveState.objects.select_for_update().filter(session_id=session.pk).first()
    if live is None:
        raise ValidationError(_("This session has not started yet."))
    if live.finished_at is not None:
        raise ValidationError(_("This session is finished: nothing can change any more."))
    return live


def _bump(live: LiveState, *fields: str) -> None:
    live.version = F("version") + 1
    live.save(update_fields=["version", *fields])
    live.refresh_from_db(fields=["version"])


def _clean_text(text: str, limit: int = MAX_TEXT) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": _("Type something first.")})
    if len(text) > limit:
        raise ValidationError(
            {"text": _("Keep it shorter: at most %(n)d characters.") % {"n": limit}}
        )
    return text


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


# --- The timer -----------------------------------------------------------------------


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
    live = LiveState(session=session, started_at=now, current_phase=first)
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


@transaction.atomic
def live_goto(*, session: Session, phase: Phase, now: datetime | None = None) -> LiveState:
    now = _now(now)
    live = _locked(session)
    if phase.session_id != session.pk:
        raise ValidationError(_("That phase belongs to another session."))
    if live.current_phase_id == phase.pk:
        return live
    _close(_open_run(session), now)
    PhaseRun.objects.create(session=session, phase=phase, started_at=now)
    live.current_phase = phase
    if phase.kind == "cases" and not live.case_step:
        live.case_step, live.case_step_started_at = LiveState.CaseStep.CHOOSE, now
    _bump(live, "current_phase", "case_step", "case_step_started_at")
    return live


def _neighbour(session: Session, live: LiveState, offset: int) -> Phase | None:
    phases = list(session.phases.order_by("position"))
    index = next((i for i, p in enumerate(phases) if p.pk == live.current_phase_id), 0)
    target = index + offset
    return phases[target] if 0 <= target < len(phases) else None


def live_next(*, session: Session, now: datetime | None = None) -> LiveState:
    with transaction.atomic():
        live = _locked(session)
        target = _neighbour(session, live, +1)
        if target is None:
            return live
        return live_goto(session=session, phase=target, now=now)


def live_previous(*, session: Session, now: datetime | None = None) -> LiveState:
    with transaction.atomic():
        live = _locked(session)
        target = _neighbour(session, live, -1)
        if target is None:
            return live
        return live_goto(session=session, phase=target, now=now)


@transaction.atomic
def live_pause_toggle(*, session: Session, now: datetime | None = None) -> LiveState:
    now = _now(now)
    live = _locked(session)
    run = _open_run(session)
    if run is None:
        return live
    if run.paused_at is None:
        run.paused_at = now
    else:
        run.paused_seconds += int((now - run.paused_at).total_seconds())
        run.paused_at = None
    run.save(update_fields=["paused_at", "paused_seconds"])
    _bump(live)
    return live


@transaction.atomic
def live_extend(*, session: Session, minutes: int = EXTEND_MINUTES) -> LiveState:
    live = _locked(session)
    run = _open_run(session)
    if run is not None:
        run.extended_seconds += minutes * 60
        run.save(update_fields=["extended_seconds"])
    _bump(live)
    return live


@transaction.atomic
def live_case_step(*, session: Session, step: str, now: datetime | None = None) -> LiveState:
    if step not in LiveState.CaseStep.values:
        raise ValidationError(_("Unknown step."))
    live = _locked(session)
    live.case_step, live.case_step_started_at = step, _now(now)
    _bump(live, "case_step", "case_step_started_at")
    return live


@transaction.atomic
def live_question(*, session: Session, question: Question) -> LiveState:
    live = _locked(session)
    if question.network_id not in (None, session.network_id):
        raise ValidationError(_("That question belongs to another network."))
    if question.kind == Question.Kind.START:
        live.starter_question = question
    else:
        live.action_question = question
    _bump(live, "starter_question", "action_question")
    return live


@transaction.atomic
def live_note(*, session: Session, text: str) -> LiveState:
    live = _locked(session)
    live.knowledge_note = (text or "").strip()[:2000]
    _bump(live, "knowledge_note")
    return live


@transaction.atomic
def phones_toggle(*, session: Session, enabled: bool) -> LiveState:
    live = _locked(session)
    live.phones_enabled = enabled
    _bump(live, "phones_enabled")
    return live


# --- Capture -------------------------------------------------------------------------


@transaction.atomic
def knelpunt_add(
    *, session: Session, client_id: UUID, text: str, theme: str = "", from_phone: bool = False
) -> tuple[Knelpunt, bool]:
    """Add a bottleneck; the same client id twice gives the same row (a retried request)."""
    live = _locked(session)
    existing = Knelpunt.objects.filter(session=session, client_id=client_id).first()
    if existing is not None:
        return existing, False
    item = Knelpunt.objects.create(
        session=session,
        client_id=client_id,
        text=_clean_text(text, 300),
        theme=theme,
        from_phone=from_phone,
        approved=not from_phone,
    )
    _bump(live)
    return item, True


@transaction.atomic
def knelpunt_update(
    *,
    knelpunt: Knelpunt,
    text: str | None = None,
    theme: str | None = None,
    recognition: int | None = None,
) -> Knelpunt:
    live = _locked(knelpunt.session)
    if text is not None:
        knelpunt.text = _clean_text(text, 300)
    if theme is not None:
        knelpunt.theme = theme
    if recognition is not None:
        knelpunt.recognition = max(0, min(99, recognition))
    knelpunt.full_clean()
    knelpunt.save()
    _bump(live)
    return knelpunt


@transaction.atomic
def capture_add(
    *,
    session: Session,
    client_id: UUID,
    kind: str,
    text: str,
    theme: str = "",
    owner: str = "",
    person: User | None = None,
    from_phone: bool = False,
) -> tuple[Capture, bool]:
    live = _locked(session)
    existing = Capture.objects.filter(session=session, client_id=client_id).first()
    if existing is not None:
        return existing, False
    if kind not in Capture.Kind.values:
        raise ValidationError(_("Unknown kind of item."))
    if kind == Capture.Kind.CONTACT and person is not None:
        latest = Consent.objects.filter(user=person, kind=Consent.Kind.SHARE_CONTACT).first()
        if latest is None or not latest.granted:
            raise ValidationError(
                _("%(name)s has not agreed to share contact details.") % {"name": person}
            )
    item = Capture.objects.create(
        session=session,
        client_id=client_id,
        kind=kind,
        text=_clean_text(text),
        theme=theme,
        owner=(owner or "").strip()[:150],
        person=person,
        from_phone=from_phone,
        approved=not from_phone,
    )
    _bump(live)
    return item, True


@transaction.atomic
def capture_update(
    *, capture: Capture, text: str | None = None, owner: str | None = None, theme: str | None = None
) -> Capture:
    live = _locked(capture.session)
    if text is not None:
        capture.text = _clean_text(text)
    if owner is not None:
        capture.owner = owner.strip()[:150]
    if theme is not None:
        capture.theme = theme
    capture.full_clean()
    capture.save()
    _bump(live)
    return capture


@transaction.atomic
def item_delete(*, item: Knelpunt | Capture) -> None:
    live = _locked(item.session)
    item.delete()
    _bump(live)


@transaction.atomic
def item_approve(*, item: Knelpunt | Capture) -> None:
    live = _locked(item.session)
    item.approved = True
    item.save(update_fields=["approved"])
    _bump(live)


# --- Afronden and after ----------------------------------------------------------------


def attendees(session: Session) -> list[Invitation]:
    """Who attended: by the check-in list, or everyone confirmed when nobody was checked in."""
    invitations = list(session.invitations.select_related("person"))
    marked = [i for i in invitations if i.attendance]
    if marked:
        return [
            i
            for i in marked
            if i.attendance in (Invitation.Attendance.PRESENT, Invitation.Attendance.LATE)
        ]
    return [i for i in invitations if i.status == Invitation.Status.CONFIRMED]


@transaction.atomic
def live_finish(*, session: Session, now: datetime | None = None) -> LiveState:
    """Close the session, store the actual times, and mail the summary to those who came."""
    now = _now(now)
    live = _locked(session)
    _close(_open_run(session), now)
    live.finished_at = now
    live.phones_enabled = False
    _bump(live, "finished_at", "phones_enabled")
    Session.objects.filter(pk=session.pk).update(status=Session.Status.DONE, updated_at=now)
    for invitation in attendees(session):
        transaction.on_commit(functools.partial(tasks.send_summary_mail.enqueue, invitation.pk))
    return live


@transaction.atomic
def capture_promote(*, capture: Capture) -> Capture:
    """Offer a tip or solution to the kennisbank: it becomes a draft there, with the
    session's sector and quarter as its source and no names. Promoting twice changes nothing."""
    if capture.kind not in (Capture.Kind.TIP, Capture.Kind.SOLUTION):
        raise ValidationError(_("Only tips and solutions go to the kennisbank."))
    session = Session.objects.select_related("network", "sector").get(pk=capture.session_id)
    kennisbank_services.draft_from_capture(
        network=session.network,
        text=capture.text,
        kind_label=str(Capture.Kind(capture.kind).label).lower(),
        theme=capture.theme or session.theme,
        sector=session.sector,
        quarter=quarter_of(session.starts_at),
        origin=f"capture:{capture.pk}",
    )
    if capture.promoted_at is None:
        capture.promoted_at = timezone.now()
        capture.save(update_fields=["promoted_at"])
    return capture


@transaction.atomic
def followup_mark(*, action: Capture, session: Session, status: str) -> ActionFollowUp:
    if status not in ActionFollowUp.Status.values:
        raise ValidationError(_("Unknown status."))
    followup, _created = ActionFollowUp.objects.update_or_create(
        action=action, reviewed_in=session, defaults={"status": status}
    )
    return followup


def evaluation_token(invitation: Invitation) -> str:
    return signing.dumps(
        {"s": str(invitation.session.uid), "i": invitation.pk},
        salt=EVALUATION_SALT,
        compress=True,
    )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def evaluation_session(token: str) -> Session:
    try:
        data = signing.loads(token, salt=EVALUATION_SALT, max_age=EVALUATION_MAX_AGE)
    except signing.BadSignature as exc:
        raise ValidationError(_("This evaluation link does not work (any more).")) from exc
    session = Session.objects.filter(uid=data.get("s")).first()
    if session is None:
        raise ValidationError(_("This evaluation link does not work (any more)."))
    return session


def evaluation_used(token: str) -> bool:
    return EvaluationReceipt.objects.filter(token_hash=_token_hash(token)).exists()


@transaction.atomic
def evaluation_submit(*, token: str, useful: int, come_again: str, remark: str = "") -> None:
    """Store the three answers once per link; the answers are not linked to the link."""
    session = evaluation_session(token)
    try:
        with transaction.atomic():
            EvaluationReceipt.objects.create(session=session, token_hash=_token_hash(token))
    except IntegrityError as exc:
        raise ValidationError(_("You have already filled in this evaluation. Thank you!")) from exc
    evaluation = Evaluation(
        session=session, useful=useful, come_again=come_again, remark=(remark or "").strip()[:500]
    )
    evaluation.full_clean()
    evaluation.save()


__all__ = [
    "attendees",
    "capture_add",
    "capture_promote",
    "capture_update",
    "evaluation_session",
    "evaluation_submit",
    "evaluation_token",
    "evaluation_used",
    "followup_mark",
    "item_approve",
    "item_delete",
    "knelpunt_add",
    "knelpunt_update",
    "live_case_step",
    "live_extend",
    "live_finish",
    "live_goto",
    "live_next",
    "live_note",
    "live_pause_toggle",
    "live_previous",
    "live_question",
    "live_start",
    "phone_action_mail",
    "phones_toggle",
]


def phone_action_mail(*, session: Session, text: str, email: str) -> None:
    """Mail a phone participant their own action. The address is not stored anywhere."""
    args = (session.pk, _clean_text(text, 300), email)

    def enqueue() -> None:
        tasks.send_action_mail.enqueue(*args)

    transaction.on_commit(enqueue)
