"""Writes of the shared core."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db import transaction

from praktijktafel.models import Membership, Network, Organisation, Role, User


@transaction.atomic
def person_get_or_create(
    *, email: str, full_name: str = "", organisation: Organisation | None = None
) -> tuple[User, bool]:
    """The person with this email address (case-insensitive), created when new.

    Existing data is never overwritten with blanks: a name or firm is only filled in.
    """
    email = User.objects.normalize_email(email.strip()).lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        user = User.objects.create_user(email=email, full_name=full_name.strip())
    changed = []
    if full_name and not user.full_name:
        user.full_name = full_name.strip()
        changed.append("full_name")
    if organisation is not None and user.organisation_id is None:
        user.organisation = organisation
        changed.append("organisation")
    if changed:
        user.save(update_fields=changed)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"primary": True, "verified": False}
    )
    return user, created


def membership_grant(*, user: User, network: Network, role: Role) -> Membership:
    membership, _created = Membership.objects.get_or_create(user=user, network=network, role=role)
    return membership
