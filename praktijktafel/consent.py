"""Consent is a history: the latest answer per person and question is the one that counts."""

from __future__ import annotations

from collections.abc import Iterable

from praktijktafel.models import Consent


def consenting(user_ids: Iterable[int | None], kind: str) -> set[int]:
    """The people among `user_ids` whose latest answer to `kind` is yes (one query)."""
    ids = {pk for pk in user_ids if pk}
    if not ids:
        return set()
    latest: dict[int, bool] = {}
    for user_id, granted in (
        Consent.objects.filter(user_id__in=ids, kind=kind)
        .order_by("user_id", "-recorded_at", "-pk")
        .values_list("user_id", "granted")
    ):
        latest.setdefault(user_id, granted)
    return {pk for pk, granted in latest.items() if granted}
