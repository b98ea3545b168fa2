"""Actions followed up between sessions: one short mail per action, halfway to the next
session of the series, answered with one press and without a login."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from praktijktafel.models import Network
from sessions.live.models import Capture
from sessions.models.invitations import Invitation


class ActionCheck(models.Model):
    """ "Hoe staat het met …?" for one action, to its one owner (an invitee of the session).

    One row per action (a retried task finds it and mails nothing again); the random id is
    what the signed link names, so the link says nothing about the action or the person.
    """

    class Answer(models.TextChoices):
        DONE = "done", _("Done")
        PARTLY = "partly", _("Partly")
        NOT_YET = "not", _("Not yet")
        HELP = "help", _("Help needed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    action = models.OneToOneField(Capture, on_delete=models.CASCADE, related_name="followup_mail")
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("mailed"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    help_handled_at = models.DateTimeField(_("help handled"), null=True, blank=True)
    help_handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("action follow-up mail")
        verbose_name_plural = _("action follow-up mails")
        indexes = [models.Index(fields=["answer", "help_handled_at"])]

    def __str__(self) -> str:
        return f"check of {self.action_id}"


class ActionCheckOptOut(models.Model):
    """A person who wants no more follow-up mails from this network (a link in every mail)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "network"], name="action_check_opt_out_once"),
        ]

    def __str__(self) -> str:
        return f"no follow-up mails: {self.person_id} in {self.network_id}"
