"""The mails around a session, built from templates at the moment they are sent."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from sessions.ics import calendar_for
from sessions.models import Invitation, Session
from sessions.selectors.summary import summary
from sessions.tokens import evaluation_token, rsvp_token

# kind → (subject template, attach a calendar file, cancel the calendar event)
KINDS: dict[str, tuple[str, bool, bool]] = {
    "invitation": ("Uitnodiging Praktijktafel: {title}", True, False),
    "confirmed": ("Je bent aangemeld: {title}", True, False),
    "waitlisted": ("Je staat op de wachtlijst: {title}", False, False),
    "promoted": ("Er is een plek vrij: je bent aangemeld voor {title}", True, False),
    "declined": ("Je bent afgemeld: {title}", True, True),
    "updated": ("Gewijzigd: {title}", True, False),
    "cancelled": ("Gaat niet door: {title}", True, True),
    "reminder_days": ("Herinnering: {title}", False, False),
    "reminder_day": ("Vandaag of morgen: {title}", False, False),
}


def rsvp_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("sessions:rsvp", args=[rsvp_token(invitation)])


def invitation_message(invitation: Invitation, kind: str) -> EmailMessage:
    subject_template, with_calendar, cancel = KINDS[kind]
    session = invitation.session
    link = rsvp_url(invitation)
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            f"email/sessions/{kind}.txt",
            {
                "invitation": invitation,
                "session": session,
                "link": link,
                "person": invitation.person,
            },
        )
    message = EmailMessage(
        subject=subject_template.format(title=session.title),
        body=body,
        to=[invitation.person.email],
    )
    if with_calendar:
        message.attach(
            "praktijktafel.ics",
            calendar_for(session, link=link, cancel=cancel),
            f"text/calendar; charset=utf-8; method={'CANCEL' if cancel else 'PUBLISH'}",
        )
    return message


def team_message(session: Session, kind: str, recipients: list[str]) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            f"email/sessions/team_{kind}.txt",
            {
                "session": session,
                "link": settings.SITE_URL + reverse("sessions:detail", args=[session.pk]),
            },
        )
    subjects = {"quorum": "Te weinig aanmeldingen: {title}"}
    return EmailMessage(
        subject=subjects[kind].format(title=session.title), body=body, to=recipients
    )


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
    return EmailMessage(
        subject=f"Wat we deelden: {session.title}", body=body, to=[invitation.person.email]
    )


def action_message(session: Session, text: str, email: str) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("email/sessions/own_action.txt", {"session": session, "text": text})
    return EmailMessage(subject=f"Jouw actie na {session.title}", body=body, to=[email])
