"""Who is invited to a session, their answer and whether they came; the reminders sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sessions.models.planning import Session


class Invitation(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        DECLINED = "declined", _("Declined")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("Not recorded")
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        ABSENT = "absent", _("Absent")

    # Who came: the one definition of attending (check-in list, counts, summary, reports).
    ATTENDED = (Attendance.PRESENT, Attendance.LATE)

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("session")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("person"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.INVITED
    )
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, blank=True, default=""
    )
    brings_case = models.BooleanField(_("brings a case"), default=False)
    case_summary = models.CharField(_("case in one line"), max_length=200, blank=True)
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("on the waitlist since"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered on their behalf by"),
        help_text=_("Set when a coordinator answered after a call; empty when the person did."),
    )

    class AnswerSource(models.TextChoices):
        OWN = "own", _("By the person, with their own link")
        STAFF = "staff", _("By the team, after a call")
        SHARED_LINK = "shared_link", _("Through the shared link")

    # Who gave the current answer. Only the person's own answer (the link mailed to them)
    # makes them a member and sets consents; a team member's note and the shared link in an
    # app message only answer yes or no, and say so.
    answer_source = models.CharField(
        _("answered"), max_length=20, choices=AnswerSource.choices, blank=True, default=""
    )

    # Invited by address while not in the network: the person joins (as an ondernemer) only by
    # signing up themselves, and until then the team sees only what the inviter typed, never
    # the account's own name and firm (an existing account elsewhere must not leak).
    joins_network = models.BooleanField(_("joins the network on signing up"), default=False)
    name_as_invited = models.CharField(_("name as typed"), max_length=150, blank=True)
    firm_as_invited = models.CharField(_("firm as typed"), max_length=150, blank=True)
    # The SEQUENCE of this person's calendar event (RFC 5545): raised on every change of the
    # session's time or place, of its status and of this person's answer, so a calendar app
    # takes each new file as newer than the one it has (it ignores one that is not).
    ics_sequence = models.PositiveIntegerField(_("calendar version"), default=0)

    class Meta:
        ordering = ["session", "invited_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="invitation_unique_person"),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        return f"{self.person} → {self.session}"

    @property
    def shown_name(self) -> str:
        """The name the session's team sees: what was typed while the person has not joined."""
        if self.joins_network:
            return self.name_as_invited or self.person.email.lower()
        return str(self.person)

    @property
    def shown_firm(self) -> str:
        if self.joins_network:
            return self.firm_as_invited
        return str(self.person.organisation or "")


class ReminderLog(models.Model):
    """One row per reminder sent, so a retried task never mails twice."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20)
    for_start = models.DateTimeField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "kind", "for_start"], name="reminder_sent_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.invitation}"
