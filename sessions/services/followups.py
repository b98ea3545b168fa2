"""Actions followed up between sessions.

Each own action and each group action with an owner gets one short mail ("Hoe staat het
met ...?") halfway to the next session of the series, or four weeks after the session when
no next one is planned. The owner answers with one press, without a login; the answer shows
in the next session's look-back (ActionFollowUp) and "help needed" on the coordinators'
call list.

The moment is worked out again when the mail task runs, so a next session planned, moved or
cancelled in the meantime is followed: every change schedules the task at the new moment,
and a task that finds itself early does nothing.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from praktijktafel.models import User
from sessions import tasks
from sessions.models import (
    ActionCheck,
    ActionCheckOptOut,
    ActionFollowUp,
    Capture,
    Invitation,
    LiveState,
    Session,
)
from sessions.selectors.followups import FOLLOWED_KINDS, action_owner
from sessions.selectors.sessions import attendees, next_session

WITHOUT_NEXT_SESSION = timedelta(weeks=4)
MAIL_AT = time(9, 0)  # a working morning, not the middle of the night

# What the owner's answer means for the look-back at the next session.
LOOK_BACK_STATUS = {
    ActionCheck.Answer.DONE: ActionFollowUp.Status.DONE,
    ActionCheck.Answer.PARTLY: ActionFollowUp.Status.PARTLY,
    ActionCheck.Answer.NOT_YET: ActionFollowUp.Status.NOT,
    ActionCheck.Answer.HELP: ActionFollowUp.Status.NOT,
}


def followup_due(*, session: Session, finished_at: datetime) -> datetime:
    """Halfway between the finish and the next session of the series, or four weeks after the
    finish without one; at 09:00 on that day, and never before the finish."""
    following = next_session(session)
    if following is not None and following.starts_at > finished_at:
        moment = finished_at + (following.starts_at - finished_at) / 2
    else:
        moment = finished_at + WITHOUT_NEXT_SESSION
    day = timezone.localtime(moment).date()
    at_nine = timezone.make_aware(datetime.combine(day, MAIL_AT))
    if following is not None and at_nine >= following.starts_at:
        return moment  # sessions on consecutive early mornings: 09:00 would be too late
    return max(at_nine, finished_at)


def followups_schedule(*, session: Session) -> None:
    """Queue the follow-up mails of a finished session for their moment (after the commit)."""
    live = LiveState.objects.filter(session=session).first()
    if live is None or live.finished_at is None:
        return
    due = followup_due(session=session, finished_at=live.finished_at)
    session_id = session.pk
    transaction.on_commit(lambda: tasks.send_action_checks.using(run_after=due).enqueue(session_id))


def followups_reschedule_for_series(*, session: Session) -> None:
    """A session of a series was planned, moved or cancelled: the follow-ups of the finished
    session before it may now fall sooner or later."""
    if session.series_id is None:
        return
    before = (
        Session.objects.filter(
            series_id=session.series_id,
            starts_at__lt=session.starts_at,
            status=Session.Status.DONE,
        )
        .exclude(pk=session.pk)
        .order_by("-starts_at")
        .first()
    )
    if before is not None:
        followups_schedule(session=before)


def _opted_out(session: Session, person_ids: list[int]) -> set[int]:
    return set(
        ActionCheckOptOut.objects.filter(
            network_id=session.network_id, person_id__in=person_ids
        ).values_list("person_id", flat=True)
    )


@transaction.atomic
def action_checks_create(*, session: Session) -> list[ActionCheck]:
    """One follow-up per action with a known owner (created once: a second run finds them),
    and the ones still to be mailed, leaving out people who want no such mails."""
    invitations = attendees(session)
    existing = set(ActionCheck.objects.filter(action__session=session).values_list("action_id"))
    actions = Capture.objects.filter(session=session, kind__in=FOLLOWED_KINDS, approved=True)
    for action in actions:
        if (action.pk,) in existing:
            continue
        owner = action_owner(action, invitations)
        if owner is not None:
            ActionCheck.objects.get_or_create(action=action, defaults={"invitation": owner})
    unsent = list(
        ActionCheck.objects.filter(action__session=session, sent_at__isnull=True).select_related(
            "invitation"
        )
    )
    out = _opted_out(session, [c.invitation.person_id for c in unsent])
    return [c for c in unsent if c.invitation.person_id not in out]


def action_check_for_phone(*, action: Capture, invitation: Invitation) -> ActionCheck:
    """An own action sent from a phone with the address of an invitee: that invitee is its
    owner, the only way to know it (the phone page has no login)."""
    check, _created = ActionCheck.objects.get_or_create(
        action=action, defaults={"invitation": invitation}
    )
    return check


@transaction.atomic
def action_check_answer(*, check: ActionCheck, answer: str, now: datetime | None = None):
    """Record the owner's answer (again: the last one counts). Until the next session starts,
    it is also that session's look-back; once it runs, the facilitator's marks stand."""
    if answer not in ActionCheck.Answer.values:
        raise ValidationError(_("Choose one of the answers."))
    check = (
        ActionCheck.objects.select_for_update().select_related("action__session").get(pk=check.pk)
    )
    if check.answer != answer:
        check.answer = answer
        check.answered_at = now or timezone.now()
        check.help_handled_at = None
        check.help_handled_by = None
        check.save(update_fields=["answer", "answered_at", "help_handled_at", "help_handled_by"])
    following = next_session(check.action.session)
    if following is not None and following.status in (
        Session.Status.CONCEPT,
        Session.Status.INVITED,
    ):
        ActionFollowUp.objects.update_or_create(
            action=check.action,
            reviewed_in=following,
            defaults={"status": LOOK_BACK_STATUS[ActionCheck.Answer(answer)]},
        )
    return check


@transaction.atomic
def action_check_opt_out(*, check: ActionCheck, stop: bool) -> None:
    """The person's own choice (from the link in the mail): no more follow-up mails from this
    network, or again."""
    person_id = check.invitation.person_id
    network_id = check.action.session.network_id
    if stop:
        ActionCheckOptOut.objects.get_or_create(person_id=person_id, network_id=network_id)
    else:
        ActionCheckOptOut.objects.filter(person_id=person_id, network_id=network_id).delete()


def action_check_opted_out(check: ActionCheck) -> bool:
    return ActionCheckOptOut.objects.filter(
        person_id=check.invitation.person_id, network_id=check.action.session.network_id
    ).exists()


@transaction.atomic
def action_check_help_handled(*, check: ActionCheck, user: User) -> ActionCheck:
    """A coordinator took up a request for help: it leaves the call list."""
    if check.answer != ActionCheck.Answer.HELP:
        raise ValidationError(_("This person did not ask for help."))
    if check.help_handled_at is None:
        check.help_handled_at = timezone.now()
        check.help_handled_by = user
        check.save(update_fields=["help_handled_at", "help_handled_by"])
    return check
