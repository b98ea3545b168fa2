"""A per-client limit counted in the database (praktijktafel_ratecounter), so every worker
process counts the same hits. Keys name no address: a keyed hash of it.

One statement per limit checked: an upsert that counts the hit, or restarts a window that has
ended, and returns nothing when the limit is already reached. PostgreSQL locks the counter's
row for the upsert, so two workers at once cannot both take the last slot. Called inside a
transaction, the hit is undone with it (a refused or failed write uses up nothing) and the
row stays locked until the commit. Also with Redis configured the count stays here: the
cache's add/get/incr is no atomic check-and-count, and it cannot roll back with the write."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connection
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

# `now()` is the transaction's start: inside a longer transaction a window may end a little
# later than it would outside one, never earlier.
_HIT = """
INSERT INTO praktijktafel_ratecounter AS c (key, hits, window_ends)
VALUES (%(key)s, 1, now() + make_interval(secs => %(window)s))
ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN c.window_ends <= now() THEN 1 ELSE c.hits + 1 END,
    window_ends = CASE WHEN c.window_ends <= now() THEN EXCLUDED.window_ends
                       ELSE c.window_ends END
WHERE c.window_ends <= now() OR c.hits < %(limit)s
RETURNING hits
"""


def client_ip(request: HttpRequest) -> str:
    """The client's address the way allauth's login limits see it: behind the number of
    trusted proxies (TRUSTED_PROXY_COUNT) or from TRUSTED_CLIENT_IP_HEADER, else REMOTE_ADDR."""
    try:
        return get_adapter(request).get_client_ip(request)  # allauth's public adapter API
    except (ImproperlyConfigured, PermissionDenied):  # fewer X-Forwarded-For entries than
        return request.META.get("REMOTE_ADDR", "")  # trusted proxies, or no address at all


def rate_key(scope: str, who: str) -> str:
    """The counter's key: the scope and a keyed hash of who is counted."""
    return f"{scope}:{salted_hmac(f'praktijktafel.rate.{scope}', who).hexdigest()}"


def limit_reached(scope: str, who: str, *, limit: int, window: int) -> bool:
    """Count one hit for `who` in `scope`; True when `limit` hits in `window` seconds (from
    the window's first hit) were already counted (this one is then not counted)."""
    if limit <= 0:
        return True
    with connection.cursor() as cursor:
        cursor.execute(_HIT, {"key": rate_key(scope, who), "window": window, "limit": limit})
        return cursor.fetchone() is None
