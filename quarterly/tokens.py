"""Unsubscribe links that work without logging in: signed, bound to person and network."""

from __future__ import annotations

from datetime import timedelta

from django.core import signing

SALT = "quarterly.unsubscribe"
# A link in a mail works for well over a year (four updates, with room to spare); after
# that it asks for the link of a more recent mail. Unlimited links would stay valid for
# anyone who ever got hold of one.
MAX_AGE = timedelta(days=400)


def unsubscribe_token(person_id: int, network_id: int) -> str:
    return signing.dumps({"p": person_id, "n": network_id}, salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, int]:
    """(person id, network id); signing.BadSignature when the link is not ours or too old
    (signing.SignatureExpired is a BadSignature)."""
    data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    return int(data["p"]), int(data["n"])
