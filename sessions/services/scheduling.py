"""Scheduled work around a session: the reminders and the quorum check 48 hours before."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from praktijktafel.models import Network
from sessions import pve, tasks
from sessions.models import Invitation, Session

REMINDER_DAYS_AT = time(9, 0)

REMINDER_DAY_AT = time(8, 0)

EVENING_BEFORE_AT = time(19, 0)

EARLY_SESSION = time(12, 0)


def reminder_moments(*, session: Session, network: Network) -> list[tuple[str, datetime]]:
    """When the reminders for this session go out (local time), by the network's settings.

    "On the day" is 08:00 on the day; for a session that starts before noon (an early
    table), that would come too late, so it goes the evening before at 19:00.
    """
    start = timezone.localtime(session.starts_at)
    moments = []
    if network.reminder_days_before:
        day = start.date() - timedelta(days=network.reminder_days_before)
        moments.append(("reminder_days", datetime.combine(day, REMINDER_DAYS_AT)))
    if network.reminder_same_day:
        if start.time() < EARLY_SESSION:
            moment = datetime.combine(start.date() - timedelta(days=1), EVENING_BEFORE_AT)
        else:
            moment = datetime.combine(start.date(), REMINDER_DAY_AT)
        moments.append(("reminder_day", moment))
    tz = timezone.get_current_timezone()
    return [(kind, timezone.make_aware(moment, tz)) for kind, moment in moments]


def reminders_schedule(invitation: Invitation, *, after: datetime) -> None:
    session = Session.objects.select_related("network").get(pk=invitation.session_id)
    for kind, moment in reminder_moments(session=session, network=session.network):
        # Never a reminder for a moment before the person signed up, nor after the start.
        if moment <= after or moment >= session.starts_at:
            continue
        args = (invitation.pk, kind, session.starts_at.isoformat())
        transaction.on_commit(_enqueue_reminder(args, moment))


def _enqueue_reminder(args: tuple[int, str, str], moment: datetime):
    def enqueue() -> None:
        tasks.send_reminder.using(run_after=moment).enqueue(*args)

    return enqueue


def quorum_check_schedule(session: Session) -> None:
    """The check 48 hours before the start; for invitations sent later than that, halfway
    between now and the start, so people had a chance to answer before anyone is told that
    too few did."""
    now = timezone.now()
    moment = session.starts_at - pve.QUORUM_CHECK_BEFORE
    if moment <= now:
        moment = now + (session.starts_at - now) / 2
    args = (session.pk, session.starts_at.isoformat())
    if moment <= timezone.now():
        transaction.on_commit(lambda: tasks.check_quorum.enqueue(*args))
    else:
        transaction.on_commit(lambda: tasks.check_quorum.using(run_after=moment).enqueue(*args))
