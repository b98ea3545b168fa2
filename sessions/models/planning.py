"""A Praktijktafel: a planned session, its agenda, its series and its invitees."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from praktijktafel.dates import SANE_YEARS, is_sane_year, shifted
from praktijktafel.models import Network, Sector
from praktijktafel.themes import Theme
from sectordata.chartdata import ChartData
from sessions import pve
from sessions.agenda import DEFAULT_SLOT_MINUTES, MAX_SLOT_MINUTES, PhaseKind


class Series(models.Model):
    """A leerlijn: several sessions of one group over some weeks."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="series", verbose_name=_("network")
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="series", verbose_name=_("sector")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        return self.title


class AgendaTemplate(models.Model):
    """A coordinator's own agenda: a list of phases new sessions can start from."""

    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        related_name="agenda_templates",
        verbose_name=_("network"),
    )
    name = models.CharField(_("name"), max_length=150)
    phases = models.JSONField(_("phases"), default=list)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agenda template")
        verbose_name_plural = _("agenda templates")
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="agenda_template_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


# Statuses of a session that has not (yet) been held; a cancelled one never will be.
_NOT_HELD = ["concept", "invited", "cancelled"]


class SessionQuerySet(models.QuerySet):
    """Which sessions lie ahead follows what happened, not only the clock: a session that was
    started or finished before its planned time is no longer upcoming."""

    def upcoming(self, now=None):
        """Planned and not yet begun: what an invitee or the quarterly update looks ahead to."""
        return self.filter(
            starts_at__gte=now or timezone.now(),
            status__in=Session.PLANNED,
        )

    def running_or_upcoming(self, now=None):
        """What a facilitator has on their plate: running now, or planned and ahead."""
        return self.filter(
            models.Q(pk__in=self.upcoming(now).values("pk")) | models.Q(status=Session.Status.LIVE)
        )

    def ahead(self, now=None):
        """Running, or not yet begun (cancelled ones included: the dashboard shows them struck
        out)."""
        return self.filter(
            models.Q(starts_at__gte=now or timezone.now(), status__in=_NOT_HELD)
            | models.Q(status=Session.Status.LIVE)
        )

    def behind(self, now=None):
        """Finished, or past their planned time without running now: the complement of
        `ahead`."""
        return self.exclude(
            models.Q(starts_at__gte=now or timezone.now(), status__in=_NOT_HELD)
            | models.Q(status=Session.Status.LIVE)
        )


class Session(models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("Draft")
        INVITED = "invited", _("Invited")
        LIVE = "live", _("Live")
        DONE = "done", _("Finished")
        CANCELLED = "cancelled", _("Cancelled")

    # Not yet run, finished or cancelled: invitations and answers are possible.
    PLANNED: ClassVar[tuple[str, ...]] = (Status.CONCEPT, Status.INVITED)

    class CancelReason(models.TextChoices):
        TOO_FEW = "too_few", _("Too few sign-ups")
        OTHER = "other", _("Another reason")
        # Only for sessions cancelled before the reason was kept: never chosen in a form.
        UNKNOWN = "unknown", _("Reason not recorded")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("network")
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("sector")
    )
    series = models.ForeignKey(
        Series,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("series"),
    )
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("HR theme"), max_length=20, choices=Theme.choices, blank=True)
    theme_other = models.CharField(
        _("other theme"), max_length=100, blank=True, help_text=_("A free theme of your own.")
    )
    starts_at = models.DateTimeField(_("starts at"))
    slot_minutes = models.PositiveSmallIntegerField(
        _("time slot (minutes)"),
        default=DEFAULT_SLOT_MINUTES,
        validators=[MinValueValidator(15), MaxValueValidator(MAX_SLOT_MINUTES)],
    )
    venue_name = models.CharField(_("venue"), max_length=150)
    address = models.CharField(_("address"), max_length=250)
    combined_with = models.CharField(
        _("combined with"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the members' meeting of the cooperative, so people travel once."),
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="facilitated_sessions",
        verbose_name=_("facilitator"),
    )
    kennisexpert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expert_sessions",
        verbose_name=_("knowledge expert"),
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=pve.DEFAULT_CAPACITY,
        validators=[MinValueValidator(2), MaxValueValidator(40)],
    )
    quorum = models.PositiveSmallIntegerField(
        _("quorum"),
        default=pve.DEFAULT_QUORUM,
        validators=[MinValueValidator(1), MaxValueValidator(40)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    warning_reason = models.TextField(_("reason to invite despite warnings"), blank=True)

    cancel_reason = models.CharField(
        _("reason for cancelling"), max_length=20, choices=CancelReason.choices, blank=True
    )
    cancel_note = models.CharField(_("cancelling explained"), max_length=200, blank=True)
    invitations_sent_at = models.DateTimeField(_("invitations first sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["network", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quorum__lte=models.F("capacity")),
                name="session_quorum_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_planned(self) -> bool:
        """Not yet run, finished or cancelled."""
        return self.status in self.PLANNED

    @property
    def answers_open(self) -> bool:
        """Can an invitee still sign up or off? Only while planned and not yet begun (a
        session started or finished early is closed, whatever the clock says). The one rule
        for every answer, invitation, call-back and sign-up link."""
        return self.is_planned and self.starts_at > timezone.now()

    @property
    def signup_open(self) -> bool:
        """The shared sign-up link works once the invitations are out, while answers are."""
        return self.status == self.Status.INVITED and self.answers_open

    @property
    def ends_at(self):
        """The end of the slot: start plus the slot length (phases plus buffer)."""
        return shifted(self.starts_at, timedelta(minutes=self.slot_minutes))

    def clean_fields(self, exclude=None) -> None:
        """Whatever path a start takes (a service, the admin), a year far outside ours is
        refused here: near year 9999 or 1 every sum on the session would fail. A per-field check,
        so a form without the field (the planning form combines date and time) skips it."""
        errors: dict[str, list] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if (
            "starts_at" not in (exclude or ())
            and "starts_at" not in errors
            and self.starts_at
            and not is_sane_year(self.starts_at)
        ):
            errors["starts_at"] = [
                ValidationError(
                    _("Choose a date between the years %(first)d and %(last)d."),
                    params={"first": SANE_YEARS[0], "last": SANE_YEARS[1]},
                )
            ]
        if errors:
            raise ValidationError(errors)

    @property
    def theme_label(self) -> str:
        return self.get_theme_display() if self.theme else self.theme_other


class Phase(models.Model):
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="phases", verbose_name=_("session")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=PhaseKind.choices)
    title = models.CharField(_("title"), max_length=150)
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(1), MaxValueValidator(MAX_SLOT_MINUTES)]
    )
    is_landing = models.BooleanField(_("landing"), default=False)
    is_own_input = models.BooleanField(_("own input"), default=False)
    is_knowledge_input = models.BooleanField(_("knowledge input"), default=False)

    class Meta:
        ordering = ["session", "position"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "position"],
                name="phase_unique_position",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=models.Q(minutes__gt=0), name="phase_minutes_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title} ({self.minutes} min)"


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


class SessionChart(models.Model):
    """A sector-data chart chosen for phase 3, with a frozen copy of its data: a newer
    import of the table never changes what a session showed."""

    MAX_PER_SESSION = 3

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="charts")
    position = models.PositiveSmallIntegerField(default=0)
    key = models.CharField(max_length=500)
    data = models.JSONField()
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    attached_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "position", "pk"]
        verbose_name = _("session chart")
        verbose_name_plural = _("session charts")
        constraints = [
            models.UniqueConstraint(fields=["session", "key"], name="session_chart_once"),
        ]

    def __str__(self) -> str:
        return self.data.get("title", self.key)

    @property
    def frozen(self) -> ChartData:
        """The frozen copy as chart data, for the session page, console and projector."""
        return ChartData.from_json(self.data)
