"""The mails around a session, built from templates at the moment they are sent."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext_lazy as _

from praktijktafel.mail import header_text
from sessions.action_answers import ANSWER_SLUGS
from sessions.ics import CONTENT_TYPE, calendar_for, method_for
from sessions.models import Capture, Invitation, Session
from sessions.selectors.summary import summary
from sessions.tokens import evaluation_token, rsvp_token

# kind → (subject, attach a calendar file, cancel the calendar event). The subjects are
# translated when the mail is built, in the site's language (settings.LANGUAGE_CODE).
KINDS: dict[str, tuple[StrPromise, bool, bool]] = {
    "invitation": (_("Praktijktafel invitation: %(title)s"), True, False),
    "confirmed": (_("You are signed up: %(title)s"), True, False),
    "waitlisted": (_("You are on the waitlist: %(title)s"), False, False),
    "promoted": (_("A place for you: %(title)s"), True, False),
    "declined": (_("You have signed off: %(title)s"), True, True),
    "updated": (_("Changed: %(title)s"), True, False),
    "cancelled": (_("Not going ahead: %(title)s"), True, True),
    "new_facilitator": (_("New facilitator: %(title)s"), False, False),
    "reminder_days": (_("Reminder: %(title)s"), False, False),
    "reminder_day": (_("Today or tomorrow: %(title)s"), False, False),
}
TEAM_SUBJECTS: dict[str, StrPromise] = {
    "quorum": _("Too few sign-ups: %(title)s"),
    "planned": _("You facilitate: %(title)s"),
    "handover": _("New facilitator: %(title)s"),
}


def rsvp_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("sessions:rsvp", args=[rsvp_token(invitation)])


def invitation_message(
    invitation: Invitation, kind: str, sequence: int | None = None
) -> EmailMessage:
    """`sequence`: the calendar version when the mail was queued (None: the present one)."""
    subject, with_calendar, cancel = KINDS[kind]
    session = invitation.session
    link = rsvp_url(invitation)
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            f"email/sessions/{kind}.txt",
            {
                "invitation": invitation,
                "session": session,
                "link": link,
                "yes_link": settings.SITE_URL
                + reverse("sessions:rsvp_yes", args=[rsvp_token(invitation)]),
                "no_link": settings.SITE_URL
                + reverse("sessions:rsvp_no", args=[rsvp_token(invitation)]),
                "person": invitation.person,
            },
        )
        subject_text = header_text(str(subject) % {"title": session.title})
    message = EmailMessage(
        subject=header_text(subject_text),
        body=body,
        to=[invitation.person.email],
    )
    if with_calendar:
        message.attach(
            "praktijktafel.ics",
            calendar_for(invitation, link=link, cancel=cancel, sequence=sequence),
            CONTENT_TYPE.format(method=method_for(cancel=cancel)),
        )
    return message


def team_message(
    session: Session, kind: str, recipients: list[str], extra: dict | None = None
) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            f"email/sessions/team_{kind}.txt",
            {
                "session": session,
                "link": settings.SITE_URL + reverse("sessions:detail", args=[session.pk]),
                "call_list": settings.SITE_URL + reverse("sessions:call_list", args=[session.pk]),
                **(extra or {}),
            },
        )
        subject = str(TEAM_SUBJECTS[kind]) % {"title": session.title}
    return EmailMessage(subject=header_text(subject), body=body, to=recipients)


def summary_message(invitation: Invitation) -> EmailMessage:
    session = invitation.session
    link = settings.SITE_URL + reverse("sessions:evaluation", args=[evaluation_token(invitation)])
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "email/sessions/summary.txt",
            {
                "summary": summary(session=session),
                "session": session,
                "link": link,
                "person": invitation.person,
            },
        )
        subject = _("What we shared: %(title)s") % {"title": session.title}
    return EmailMessage(subject=header_text(subject), body=body, to=[invitation.person.email])


def action_message(session: Session, text: str, email: str) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("email/sessions/own_action.txt", {"session": session, "text": text})
        subject = _("Your action after %(title)s") % {"title": session.title}
    return EmailMessage(subject=header_text(subject), body=body, to=[email])


def action_check_urls(token: str) -> dict[str, str]:
    return {
        answer: settings.SITE_URL + reverse("sessions:action_check_answer", args=[token, slug])
        for slug, answer in ANSWER_SLUGS.items()
    }


def action_check_message(check) -> EmailMessage:
    """ "Hoe staat het met ...?": the action, four one-press answers and a way to stop."""
    from sessions.tokens import action_check_token

    token = action_check_token(check.pk)
    session = check.action.session
    urls = action_check_urls(token)
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "email/sessions/action_check.txt",
            {
                "session": session,
                "action": check.action,
                "person": check.invitation.person,
                "group_action": check.action.kind == Capture.Kind.GROUP_ACTION,
                "done_link": urls["done"],
                "partly_link": urls["partly"],
                "not_link": urls["not"],
                "help_link": urls["help"],
                "page_link": settings.SITE_URL + reverse("sessions:action_check", args=[token]),
                "stop_link": settings.SITE_URL
                + reverse("sessions:action_check_stop", args=[token]),
            },
        )
        subject = _("How is it going with your action? (%(title)s)") % {"title": session.title}
    stop_link = settings.SITE_URL + reverse("sessions:action_check_stop", args=[token])
    return EmailMessage(
        subject=header_text(subject),
        body=body,
        to=[check.invitation.person.email],
        headers={
            "List-Unsubscribe": f"<{stop_link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
