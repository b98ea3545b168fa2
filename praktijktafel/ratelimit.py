"""A per-client limit on the shared cache (Redis, or the database cache table), so every
worker process counts the same hits. Keys name no address: a keyed hash of it."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest
from django.utils.crypto import salted_hmac


def client_ip(request: HttpRequest) -> str:
    """The client's address the way allauth's login limits see it: behind the number of
    trusted proxies (TRUSTED_PROXY_COUNT) or from TRUSTED_CLIENT_IP_HEADER, else REMOTE_ADDR."""
    try:
        return get_adapter(request).get_client_ip(request)  # allauth's public adapter API
    except (ImproperlyConfigured, PermissionDenied):  # fewer X-Forwarded-For entries than
        return request.META.get("REMOTE_ADDR", "")  # trusted proxies, or no address at all


def limit_reached(scope: str, who: str, *, limit: int, window: int) -> bool:
    """Count one hit for `who` in `scope`; True when `limit` hits in `window` seconds were
    already counted (this one is then not counted)."""
    digest = salted_hmac(f"praktijktafel.rate.{scope}", who).hexdigest()
    key = f"rate:{scope}:{digest}"
    cache.add(key, 0, window)
    if (cache.get(key) or 0) >= limit:
        return True
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, window)
    return False
