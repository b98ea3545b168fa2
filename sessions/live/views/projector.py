"""The projector page: what the room sees, refreshed by HTMX only when something changed."""

from __future__ import annotations

import functools
from dataclasses import replace

import segno
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from praktijktafel.htmx import is_fragment
from praktijktafel.middleware import CSP
from sessions.live.selectors.poll import LivePoll, live_poll, poll_unchanged
from sessions.live.selectors.projector import projector as projector_data
from sessions.live.views.names import TEMPLATE_NAMES
from sessions.models import LiveState
from sessions.selectors.sessions import session_get_for_user


@functools.lru_cache(maxsize=256)
def _qr_svg(url: str) -> str:
    """The join code never changes while a session runs: make its QR code once, not on every
    projector refresh (it took half of the refresh's time)."""
    return segno.make(url, error="m").svg_inline(
        scale=6, dark="#14212e", light="#ffffff", omitsize=True
    )


@login_required
@require_GET
def projector(request: HttpRequest, pk: int) -> HttpResponse:
    if is_fragment(request):
        return _screen(request, pk)
    session = session_get_for_user(user=request.user, pk=pk, related=())
    try:
        view = projector_data(session_id=session.pk)
    except LiveState.DoesNotExist:
        raise Http404 from None
    response = render(
        request,
        "sessions/live/projector.html",
        {**TEMPLATE_NAMES, "p": view, "qr": _phone_qr(request, view)},
    )
    # The console shows this page small as a preview in a frame of the same site; no other
    # site may frame it.
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Content-Security-Policy"] = CSP.replace(
        "frame-ancestors 'none'", "frame-ancestors 'self'"
    )
    return response


def _screen(request: HttpRequest, pk: int) -> HttpResponse:
    """The poll every two seconds: one query says whether anything changed since the version
    the screen shows (204, no swap); only then is the screen built."""
    poll = live_poll(user=request.user, pk=pk)
    if poll is None:
        raise Http404
    return screen_response(request, poll)


def screen_response(request: HttpRequest, poll: LivePoll) -> HttpResponse:
    """204 when the screen shows the current version, else the screen: for a poll whose
    access has been checked, here (`_screen`) or with its ticket (sessions.live.unchanged)."""
    pk = poll.session_id
    if poll_unchanged(poll, "projector", request.GET):
        response = HttpResponse(status=204)
    else:
        view = projector_data(session_id=pk)
        response = render(
            request,
            "sessions/live/projector.html#screen",
            {**TEMPLATE_NAMES, "p": view, "qr": _phone_qr(request, view)},
        )
        poll = replace(poll, screen_version=view.version)
    response.headers["X-Live-Version"] = str(poll.screen_version)
    return response


def _phone_qr(request: HttpRequest, view) -> str:
    if not view.phones_enabled:
        return ""
    return _qr_svg(request.build_absolute_uri(reverse("sessions:phone", args=[view.phone_code])))
