"""`{% live_ticket %}`: the ticket a live screen's poll carries (sessions/live/unchanged.py).

<div hx-get="…?v=3" hx-headers='{"X-Live-Ticket": "{% live_ticket %}"}' …>
"""

from __future__ import annotations

from django import template
from django.utils.crypto import salted_hmac

from sessions.live.unchanged import poll_ticket

register = template.Library()


@register.simple_tag(takes_context=True)
def live_owner(context) -> str:
    """Who the console's offline queue and draft belong to, as a digest: what one person
    typed is kept apart from the next person's on a shared laptop (static/js/live.js)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    return salted_hmac("sessions.live.queue-owner", str(user.pk)).hexdigest()[:20]


@register.simple_tag(takes_context=True)
def live_ticket(context) -> str:
    request = context.get("request")
    if request is None:
        return ""
    if not hasattr(request, "_live_ticket"):  # the same for every poll of one answer
        request._live_ticket = poll_ticket(request)
    return request._live_ticket
