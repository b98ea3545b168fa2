"""Consent is a history per network: the latest answer per person, network and question is
the one that counts.

An answer is about one network's use of what the person gives (their phone number, their
name as a contact in its kennisbank, a recording of its sessions), so it is read and written
with that network; a yes given to one network counts for no other. Only the person answers:
these writes are called from the pages behind their own mailed link, never from a staff view.
"""

from __future__ import annotations

from collections.abc import Iterable

from praktijktafel.models import Consent, Network, User, network_pk


def latest_answers(
    user_ids: Iterable[int | None], kind: str, *, network: Network | int
) -> dict[int, bool]:
    """The latest answer to `kind` for `network` per person among `user_ids` (one query)."""
    ids = {pk for pk in user_ids if pk}
    if not ids:
        return {}
    latest: dict[int, bool] = {}
    for user_id, granted in (
        Consent.objects.filter(user_id__in=ids, kind=kind, network_id=network_pk(network))
        .order_by("user_id", "-recorded_at", "-pk")
        .values_list("user_id", "granted")
    ):
        latest.setdefault(user_id, granted)
    return latest


def latest_answer(user: User, kind: str, *, network: Network | int) -> bool | None:
    """This person's latest answer to `kind` for `network`; None when they never answered."""
    return latest_answers([user.pk], kind, network=network).get(user.pk)


def consenting(user_ids: Iterable[int | None], kind: str, *, network: Network | int) -> set[int]:
    """The people among `user_ids` whose latest answer to `kind` for `network` is yes."""
    return {
        pk for pk, granted in latest_answers(user_ids, kind, network=network).items() if granted
    }


def consent_record(
    *, user: User, kind: str, granted: bool, source: str, network: Network | int
) -> Consent | None:
    """Record the person's own answer for `network`, only when it differs from the latest
    one (the history stays short)."""
    if latest_answer(user, kind, network=network) == granted:
        return None
    return Consent.objects.create(
        user=user, network_id=network_pk(network), kind=kind, granted=granted, source=source
    )
