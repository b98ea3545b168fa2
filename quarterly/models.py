"""The quarterly update: one PDF per network (optionally per sector) and quarter, its archive,
and who received it. The PDF is kept in the database, so workers on any machine can make it
and any web server can hand it out, without shared file storage."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from praktijktafel.dates import quarter_label
from praktijktafel.models import Network, Sector


class QuarterlyUpdate(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be made")
        RENDERING = "rendering", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="updates")
    sector = models.ForeignKey(
        Sector, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    pdf = models.BinaryField(null=True, editable=False)
    pages = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    automatic = models.BooleanField(default=False)
    sending_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "-quarter", "network", "sector"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "sector", "year", "quarter"],
                name="one_update_per_scope_and_quarter",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        scope = f"{self.network}" + (f" · {self.sector}" if self.sector_id else "")
        return f"{scope} · {self.year} K{self.quarter}"

    @property
    def label(self) -> str:
        return quarter_label(self.year, self.quarter)

    # A worker that has not finished a PDF in this time is taken to have died: the update may
    # be asked for again (the PDF is written in one statement at the end, so nothing is ever
    # half-made).
    STALE_AFTER = timedelta(minutes=10)

    @property
    def busy(self) -> bool:
        if self.status == self.Status.RENDERING and self.started_at:
            return timezone.now() - self.started_at < self.STALE_AFTER
        return self.status in (self.Status.QUEUED, self.Status.RENDERING)


class Delivery(models.Model):
    """One mail of one update to one person: the unique constraint is what makes sending
    again never mail anyone twice."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    update = models.ForeignKey(QuarterlyUpdate, on_delete=models.CASCADE, related_name="deliveries")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["update", "person"], name="delivered_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.update} → {self.person_id}: {self.status}"


class OptOut(models.Model):
    """An ondernemer who does not want the quarterly update of this network any more."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "network"], name="opt_out_once")]

    def __str__(self) -> str:
        return f"{self.person_id} × {self.network_id}"
