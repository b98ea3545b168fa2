"""Consent is a history: the latest answer per person and question is the one that counts."""

from __future__ import annotations

from collections.abc import Iterable

from praktijktafel.models import Consent, User


def latest_answers(user_ids: Iterable[int | None], kind: str) -> dict[int, bool]:
    """The latest answer to `kind` per person among `user_ids` who answered (one query)."""
    ids = {pk for pk in user_ids if pk}
    if not ids:
        return {}
    latest: dict[int, bool] = {}
    for user_id, granted in (
        Consent.objects.filter(user_id__in=ids, kind=kind)
        .order_by("user_id", "-recorded_at", "-pk")
        .values_list("user_id", "granted")
    ):
        latest.setdefault(user_id, granted)
    return latest


def latest_answer(user: User, kind: str) -> bool | None:
    """This person's latest answer to `kind`; None when they never answered."""
    return latest_answers([user.pk], kind).get(user.pk)


def consenting(user_ids: Iterable[int | None], kind: str) -> set[int]:
    """The people among `user_ids` whose latest answer to `kind` is yes (one query)."""
    return {pk for pk, granted in latest_answers(user_ids, kind).items() if granted}


def consent_record(*, user: User, kind: str, granted: bool, source: str) -> Consent | None:
    """Record an answer, only when it differs from the latest one (the history stays short)."""
    if latest_answer(user, kind) == granted:
        return None
    return Consent.objects.create(user=user, kind=kind, granted=granted, source=source)
