"""A person's data across the apps: export it (JSON) and erase it (AVG art. 15, 17).

Each app knows its own tables, so each registers what it holds about a person
(`register(...)` in its AppConfig.ready); the core only collects. Dependencies keep pointing
one way. Erasing deletes the account: contact details and consented contact entries go with
it; anonymous contributions (bottlenecks, evaluations) were never linked to the person and
stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from praktijktafel.models import PrivacyRequest, User


@dataclass(frozen=True)
class Section:
    name: str
    export: Callable[[User], Any]
    before_erase: Callable[[User], None] | None = None


SECTIONS: list[Section] = []


def register(name: str, export: Callable[[User], Any], before_erase=None) -> None:
    if all(s.name != name for s in SECTIONS):
        SECTIONS.append(Section(name, export, before_erase))


def _core(user: User) -> dict:
    from praktijktafel.models import Consent, Membership

    return {
        "email": user.email,
        "full_name": user.full_name,
        "organisation": user.organisation.name if user.organisation else None,
        "joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "memberships": [
            {"network": m.network.name, "role": m.role}
            for m in Membership.objects.filter(user=user).select_related("network")
        ],
        "consents": [
            {
                "question": c.kind,
                "network": c.network.name if c.network else None,
                "granted": c.granted,
                "recorded": c.recorded_at.isoformat(),
            }
            for c in Consent.objects.filter(user=user).select_related("network")
        ],
    }


register("account", _core)


def person_export(*, person: User, requested_by: User | None) -> dict:
    data = {
        "exported_at": timezone.now().isoformat(),
        **{s.name: s.export(person) for s in SECTIONS},
    }
    PrivacyRequest.objects.create(
        kind=PrivacyRequest.Kind.EXPORT, subject_id=person.pk, requested_by=requested_by
    )
    return data


@transaction.atomic
def person_erase(
    *, person: User, requested_by: User | None, kind: str = PrivacyRequest.Kind.ERASE
) -> None:
    """Delete the person and everything that names them. Refused (with the reason) while
    they still lead sessions: hand those over first."""
    subject_id = person.pk
    by_self = requested_by is not None and requested_by.pk == subject_id
    for section in SECTIONS:
        if section.before_erase:
            section.before_erase(person)
    try:
        with transaction.atomic():
            person.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("This person still leads sessions. Hand those sessions over first, then erase.")
        ) from exc
    PrivacyRequest.objects.create(
        kind=kind,
        subject_id=subject_id,
        requested_by=None if by_self else requested_by,
        by_self=by_self,
    )
