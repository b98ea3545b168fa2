"""Turnout: a person's phone number and preference, and the contact moments with them.

The phone number is only ever read through `sessions.selectors.phones.phone_numbers`, which
checks the person's latest answer to the PHONE consent for that network: without a yes,
nobody sees it. Number and consent are per network: each network sees what was given to it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from praktijktafel.models import Network
from sessions.models.planning import Session


class ContactPreference(models.Model):
    """How a person likes to be reached by one network. One row per person and network."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contact_preferences",
        verbose_name=_("person"),
    )
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="+", verbose_name=_("network")
    )
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    prefers_call = models.BooleanField(
        _("rather a call or app"),
        default=False,
        help_text=_("The network calls or apps this person rather than only mailing."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("contact preference")
        verbose_name_plural = _("contact preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "network"], name="contact_preference_one_per_network"
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)


class ContactMoment(models.Model):
    """A call, an app or a chat with a person: who, when, and what came of it."""

    class Outcome(models.TextChoices):
        COMING = "coming", _("Called: is coming")
        NOT_COMING = "not_coming", _("Called: is not coming")
        CALL_BACK = "call_back", _("Call back")
        NO_ANSWER = "no_answer", _("No answer")
        APPED = "apped", _("Sent an app")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="+", verbose_name=_("network")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contact_moments",
        verbose_name=_("person"),
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_moments",
        verbose_name=_("session"),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    call_back_on = models.DateField(_("call back on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    answered_rsvp = models.BooleanField(_("answered the invitation on their behalf"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("contact moment")
        verbose_name_plural = _("contact moments")
        indexes = [
            models.Index(fields=["session", "person"]),
            models.Index(fields=["network", "person"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.outcome}"
