"""HTMX helpers shared by the apps' views.

- `is_fragment(request)`: answer with the named fragment (`page.html#part`) instead of the
  whole page. True for an HTMX request that is not boosted: a boosted link or form wants the
  whole page, like a request without JavaScript.
"""

from __future__ import annotations

from django.http import HttpRequest


def is_fragment(request: HttpRequest) -> bool:
    """True when the request wants only a fragment of the page (HTMX, not boosted)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx and not htmx.boosted)
