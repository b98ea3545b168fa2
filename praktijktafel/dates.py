"""Quarters, as the sessions, the kennisbank and the quarterly update name them."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def quarter_of(moment: datetime) -> str:
    """'2027 K1' for a moment in the first quarter (local time)."""
    local = timezone.localtime(moment)
    return f"{local.year} K{(local.month - 1) // 3 + 1}"
