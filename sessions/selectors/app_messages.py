"""The app message a caller sends: a WhatsApp link with the text filled in, and the shared
link it carries (yes or no only, never the personal link from the person's mailbox)."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from praktijktafel.dates import local_format
from praktijktafel.models import User
from sessions.models import Invitation
from sessions.tokens import shared_token


def shared_url(invitation: Invitation) -> str:
    """The link for an app message: it answers yes or no, nothing else (`sessions.tokens`)."""
    return settings.SITE_URL + reverse("sessions:rsvp_shared", args=[shared_token(invitation)])


def whatsapp_url(phone: str | None, text: str) -> str:
    """wa.me with the text filled in; without a number the app lets you pick the contact."""
    number = (phone or "").lstrip("+")
    if not text:
        return f"https://wa.me/{number}"
    return f"https://wa.me/{number}?text={quote(text, safe='')}"


def whatsapp_text(*, invitation: Invitation, sender: User, link: str) -> str:
    """The short message, in the site's language (Dutch), with the shared link. It greets
    them by the name this network knows (as typed until they join), never the account's."""
    session = invitation.session
    with translation.override(settings.LANGUAGE_CODE):
        start = timezone.localtime(session.starts_at)
        return _(
            "Hi %(name)s, %(sender)s from %(network)s here. On %(day)s at %(time)s we hold "
            "the Praktijktafel “%(title)s” at %(venue)s. Will you join us? Answer yes or no "
            "here: %(link)s"
        ) % {
            "name": (invitation.shown_name.split() or [""])[0],
            "sender": sender.get_short_name(),
            "network": session.network.name,
            "day": local_format(start, "l j F"),
            "time": local_format(start, "H:i"),
            "title": session.title,
            "venue": session.venue_name,
            "link": link,
        }
