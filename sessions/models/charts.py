"""The sector-data charts a session shows, each with a frozen copy of its data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sectordata.chartdata import ChartData
from sessions.models.planning import Session


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
