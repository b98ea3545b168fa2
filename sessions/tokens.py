"""The signed personal links of the sessions app.

- RSVP links: tied to one invitation, expiring after the session. Two kinds, signed with
  different salts so neither opens the other's pages:
  - the personal link goes only into the person's own mailbox: answer, case, consents,
    phone number (the person acting);
  - the shared link is what the team passes on in an app message: it only answers yes or no,
    recorded as an answer through the shared link (someone acting for the person).
- Evaluation links: a random token per mail, stored only as a hash with the session and the
  day, valid for 30 days; the answers are stored without the link.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core import signing
from django.utils import timezone

from sessions.models import EvaluationLink, Invitation

SALT = "praktijktafel.sessions.rsvp"
SHARED_SALT = "praktijktafel.sessions.rsvp.shared"
MAX_AGE = timedelta(days=180)  # an upper bound, whatever the session date
GRACE_AFTER_SESSION = timedelta(days=1)
EVALUATION_MAX_AGE = timedelta(days=30)


class TokenInvalid(Exception):
    """Forged, damaged or pointing at nothing."""


class TokenExpired(Exception):
    """Genuine, but the session is over."""


def _dumps(invitation: Invitation, salt: str) -> str:
    return signing.dumps(
        {"i": invitation.pk, "s": str(invitation.session.uid)}, salt=salt, compress=True
    )


def rsvp_token(invitation: Invitation) -> str:
    """The personal link's token: for the person's own mailbox only, never shown to staff."""
    return _dumps(invitation, SALT)


def shared_token(invitation: Invitation) -> str:
    """The shared link's token, for the call list and the app message: yes or no only."""
    return _dumps(invitation, SHARED_SALT)


def invitation_from_token(token: str) -> Invitation:
    """The invitation of a personal link (a shared link's token is TokenInvalid here)."""
    return _load(token, SALT)


def invitation_from_shared_token(token: str) -> Invitation:
    """The invitation of a shared link (a personal link's token is TokenInvalid here)."""
    return _load(token, SHARED_SALT)


def _load(token: str, salt: str) -> Invitation:
    try:
        data = signing.loads(token, salt=salt, max_age=MAX_AGE)
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


def evaluation_digest(purpose: str, token: str) -> str:
    """A hash of a random evaluation token; `link` and `used` give different hashes, so a
    sent link and its receipt cannot be matched without the token itself."""
    return hashlib.sha256(f"{purpose}:{token}".encode()).hexdigest()


def evaluation_token(invitation: Invitation) -> str:
    """A new evaluation link for the invitation's session: a random token, of which only a
    hash is kept, with the session and the day. Nothing in it or stored with it names the
    invitation, so an evaluation answer can never be traced back to the person it was sent
    to."""
    token = secrets.token_urlsafe(24)
    EvaluationLink.objects.create(
        session_id=invitation.session_id, digest=evaluation_digest("link", token)
    )
    return token


def evaluation_session_id(token: str) -> int:
    """The session an evaluation link is for; TokenInvalid when unknown or older than 30
    days."""
    if not isinstance(token, str) or not 16 <= len(token) <= 64:
        raise TokenInvalid
    oldest = timezone.localdate() - EVALUATION_MAX_AGE
    session_id = (
        EvaluationLink.objects.filter(
            digest=evaluation_digest("link", token), issued_on__gte=oldest
        )
        .values_list("session_id", flat=True)
        .first()
    )
    if session_id is None:
        raise TokenInvalid
    return session_id


# --- action follow-up links ---------------------------------------------------------------------

ACTION_CHECK_SALT = "praktijktafel.sessions.action-check"
ACTION_CHECK_MAX_AGE = timedelta(days=120)  # until well after the next session


def action_check_token(check_id: object) -> str:
    """The link in a follow-up mail: names only the mail's random id."""
    return signing.dumps(str(check_id), salt=ACTION_CHECK_SALT)


def action_check_id(token: str) -> str:
    """The follow-up mail a link is for; TokenInvalid when forged or too old."""
    try:
        value = signing.loads(token, salt=ACTION_CHECK_SALT, max_age=ACTION_CHECK_MAX_AGE)
    except signing.BadSignature as exc:  # SignatureExpired is a BadSignature too
        raise TokenInvalid from exc
    if not isinstance(value, str):
        raise TokenInvalid
    return value
