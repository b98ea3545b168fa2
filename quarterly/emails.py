"""Mails of the quarterly update: the update itself, and 'a draft is ready' for coordinators."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from praktijktafel.mail import header_text
from praktijktafel.models import User
from quarterly.models import QuarterlyUpdate
from quarterly.tokens import unsubscribe_token


def filename(update: QuarterlyUpdate) -> str:
    scope = update.network.slug + (f"-{update.sector.slug}" if update.sector else "")
    return f"kwartaalupdate-{scope}-{update.year}-K{update.quarter}.pdf"


def update_message(update: QuarterlyUpdate, person: User) -> EmailMessage:
    unsubscribe = settings.SITE_URL + reverse(
        "quarterly:unsubscribe", args=[unsubscribe_token(person.pk, update.network_id)]
    )
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "email/quarterly/update.txt",
            {
                "update": update,
                "person": person,
                "unsubscribe": unsubscribe,
                "site_url": settings.SITE_URL,
            },
        )
        subject = gettext("Quarterly update %(quarter)s: %(network)s") % {
            "quarter": update.label,
            "network": update.network.name,
        }
    message = EmailMessage(
        subject=header_text(subject),
        body=body,
        to=[person.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach(filename(update), bytes(update.pdf or b""), "application/pdf")
    return message


def draft_ready_message(update: QuarterlyUpdate, coordinator: User) -> EmailMessage:
    link = settings.SITE_URL + reverse("quarterly:index", args=[update.network.slug])
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "email/quarterly/draft_ready.txt",
            {"update": update, "person": coordinator, "link": link},
        )
        subject = gettext("Ready for review: quarterly update %(quarter)s %(network)s") % {
            "quarter": update.label,
            "network": update.network.name,
        }
    return EmailMessage(
        subject=header_text(subject),
        body=body,
        to=[coordinator.email],
    )
