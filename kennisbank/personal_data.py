"""What the kennisbank holds about a person: items naming them as contact, items they wrote,
their edits and their 'useful' marks (the counts are corrected when they go). An item whose
text names them keeps its text without the name, and its search words follow."""

from __future__ import annotations

from django.db.models import F

from kennisbank.index import solution_index
from kennisbank.models import Revision, Solution, UsefulMark
from kennisbank.services import _words_change
from praktijktafel.models import User
from praktijktafel.personal_data import (
    in_scope,
    mention_pattern,
    mentions_rows,
    mentions_scrub,
    register,
)


def export(user: User) -> dict:
    items = in_scope(Solution.objects.all(), "network")
    return {
        "contact_for": list(items.filter(contact=user).values_list("title", flat=True)),
        "written": list(items.filter(created_by=user).values_list("title", flat=True)),
        "marked_useful": list(
            in_scope(UsefulMark.objects.filter(user=user), "solution__network").values_list(
                "solution__title", flat=True
            )
        ),
        "changes": [
            {"item": r.solution.title, "action": r.action, "at": r.at.isoformat()}
            for r in in_scope(
                Revision.objects.filter(user=user).select_related("solution"), "solution__network"
            )
        ],
    }


def before_erase(user: User) -> None:
    marked = UsefulMark.objects.filter(user=user).values_list("solution_id", flat=True)
    Solution.objects.filter(pk__in=list(marked)).update(useful_count=F("useful_count") - 1)
    pattern = mention_pattern(user)
    if pattern is None:
        return
    published = Solution.Status.PUBLISHED
    naming = Solution.objects.filter(pk__in=mentions_rows(model=Solution, pattern=pattern))
    for solution in naming.filter(status=published):
        _words_change(solution, -1)  # the 'did you mean' words of the text with the name
    for solution in Solution.objects.filter(
        pk__in=mentions_scrub(person=user, model=Solution, pattern=pattern)
    ):
        solution_index(solution=solution)
        if solution.status == published:
            _words_change(solution, +1)


register("kennisbank", export, before_erase)
