"""Unsubscribe links that work without logging in: signed, bound to person and network."""

from __future__ import annotations

from django.core import signing

SALT = "quarterly.unsubscribe"


def unsubscribe_token(person_id: int, network_id: int) -> str:
    return signing.dumps({"p": person_id, "n": network_id}, salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, int]:
    """(person id, network id); signing.BadSignature when the link is not ours."""
    data = signing.loads(token, salt=SALT)
    return int(data["p"]), int(data["n"])
