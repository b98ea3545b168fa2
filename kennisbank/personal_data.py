"""What the kennisbank holds about a person: items naming them as contact, items they wrote,
and their 'useful' marks (the counts are corrected when they go)."""

from __future__ import annotations

from django.db.models import F

from kennisbank.models import Solution, UsefulMark
from praktijktafel.models import User
from praktijktafel.personal_data import register


def export(user: User) -> dict:
    return {
        "contact_for": list(Solution.objects.filter(contact=user).values_list("title", flat=True)),
        "written": list(Solution.objects.filter(created_by=user).values_list("title", flat=True)),
        "marked_useful": list(
            UsefulMark.objects.filter(user=user).values_list("solution__title", flat=True)
        ),
    }


def before_erase(user: User) -> None:
    marked = UsefulMark.objects.filter(user=user).values_list("solution_id", flat=True)
    Solution.objects.filter(pk__in=list(marked)).update(useful_count=F("useful_count") - 1)


register("kennisbank", export, before_erase)
