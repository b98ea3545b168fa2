"""What the live templates compare with and are limited by, by name: no kind, status or
limit is written out as a literal in a template."""

from __future__ import annotations

from sessions.agenda import PhaseKind
from sessions.live.limits import LIVE_LIMITS
from sessions.models import KNELPUNT, ActionFollowUp, Capture, Question

TEMPLATE_NAMES = {
    "kinds": PhaseKind,
    "KNELPUNT": KNELPUNT,
    "capture_kind": Capture.Kind,
    "question_kinds": Question.Kind,
    "followup_statuses": ActionFollowUp.Status.choices,
    "limits": LIVE_LIMITS,
}
