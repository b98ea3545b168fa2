"""Personal RSVP links: signed, tied to one invitation, expiring after the session."""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.utils import timezone

from sessions.models import Invitation

SALT = "praktijktafel.sessions.rsvp"
MAX_AGE = timedelta(days=180)  # an upper bound, whatever the session date
GRACE_AFTER_SESSION = timedelta(days=1)


class TokenInvalid(Exception):
    """Forged, damaged or pointing at nothing."""


class TokenExpired(Exception):
    """Genuine, but the session is over."""


def rsvp_token(invitation: Invitation) -> str:
    return signing.dumps(
        {"i": invitation.pk, "s": str(invitation.session.uid)}, salt=SALT, compress=True
    )


def invitation_from_token(token: str) -> Invitation:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as exc:
        raise TokenExpired from exc
    except signing.BadSignature as exc:
        raise TokenInvalid from exc
    invitation = (
        Invitation.objects.select_related(
            "session", "session__network", "session__facilitator", "person"
        )
        .filter(pk=data.get("i"), session__uid=data.get("s"))
        .first()
    )
    if invitation is None:
        raise TokenInvalid
    if timezone.now() > invitation.session.ends_at + GRACE_AFTER_SESSION:
        raise TokenExpired
    return invitation
