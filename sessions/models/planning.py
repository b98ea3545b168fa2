"""A Praktijktafel: a planned session, its agenda and its series."""

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
