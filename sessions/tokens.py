"""The signed personal links of the sessions app.

- RSVP links: tied to one invitation, expiring after the session.
- Evaluation links: name the session (and the invitation, to make one link per person), valid
  for 30 days; the answers are stored without the link.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.utils import timezone

from sessions.models import Invitation

SALT = "praktijktafel.sessions.rsvp"
MAX_AGE = timedelta(days=180)  # an upper bound, whatever the session date
GRACE_AFTER_SESSION = timedelta(days=1)
EVALUATION_SALT = "praktijktafel.sessions.evaluation"
EVALUATION_MAX_AGE = timedelta(days=30)


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


def evaluation_token(invitation: Invitation) -> str:
    return signing.dumps(
        {"s": str(invitation.session.uid), "i": invitation.pk},
        salt=EVALUATION_SALT,
        compress=True,
    )


def evaluation_session_uid(token: str) -> str:
    """The uid of the session an evaluation link is for; TokenInvalid when forged, damaged
    or older than 30 days."""
    try:
        data = signing.loads(token, salt=EVALUATION_SALT, max_age=EVALUATION_MAX_AGE)
    except signing.BadSignature as exc:
        raise TokenInvalid from exc
    uid = data.get("s") if isinstance(data, dict) else None
    if not uid:
        raise TokenInvalid
    return str(uid)
