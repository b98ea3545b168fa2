"""The default agenda of the appendix: five phases (80 min) inside a 90-minute slot."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_SLOT_MINUTES = 90
MAX_SLOT_MINUTES = 180


class PhaseKind(models.TextChoices):
    WELCOME = "welcome", _("Walk-in and informal welcome")
    LANDING = "landing", _("Landing, venting and bottlenecks")
    KNOWLEDGE = "knowledge", _("Knowledge moment")
    CASES = "cases", _("Experience exchange and cases")
    CLOSING = "closing", _("Closing and follow-up")
    OTHER = "other", _("Other")


@dataclass(frozen=True)
class PhaseSpec:
    kind: str
    minutes: int
    is_landing: bool = False
    is_own_input: bool = False
    is_knowledge_input: bool = False

    @property
    def title(self) -> str:
        return str(PhaseKind(self.kind).label)


DEFAULT_PHASES: tuple[PhaseSpec, ...] = (
    PhaseSpec(PhaseKind.WELCOME, 10, is_landing=True),
    PhaseSpec(PhaseKind.LANDING, 15, is_landing=True, is_own_input=True),
    PhaseSpec(PhaseKind.KNOWLEDGE, 10, is_knowledge_input=True),
    PhaseSpec(PhaseKind.CASES, 35, is_own_input=True),
    PhaseSpec(PhaseKind.CLOSING, 10),
)
