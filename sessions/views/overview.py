"""The overview pages: home, a network's dashboard and a series (leerlijn)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from praktijktafel.permissions import Perm, has_perm
from sessions.selectors.evaluations import MIN_ANSWERS, evaluation_trend_for_user
from sessions.selectors.overview import (
    home_overview,
    network_dashboard,
    series_actions,
    series_get_for_user,
    series_group,
    series_sessions,
)
from sessions.selectors.sessions import network_get_for_user
from sessions.tokens import rsvp_token


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "home_public.html")
    overview = home_overview(user=request.user)
    for invitation in overview.invitations:
        # The person's own invitations on their own page: their personal link is theirs to see.
        invitation.rsvp_url = reverse("sessions:rsvp", args=[rsvp_token(invitation)])
    return render(request, "sessions/home.html", {"overview": overview})


@login_required
@require_GET
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_get_for_user(user=request.user, slug=slug)
    board = network_dashboard(network=network)
    context = {
        "network": network,
        "board": board,
        "can_export": has_perm(request.user, Perm.QUARTERLY_EXPORT, network),
        "trend": evaluation_trend_for_user(user=request.user, sessions=network.sessions.all()),
        "min_answers": MIN_ANSWERS,
    }
    return render(request, "sessions/dashboard.html", context)


@login_required
@require_GET
def series_detail(request: HttpRequest, pk: int) -> HttpResponse:
    series = series_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "sessions/series_detail.html",
        {
            "series": series,
            "sessions": series_sessions(series=series),
            "group": series_group(series=series),
            "actions": series_actions(series_id=series.pk),
            "trend": evaluation_trend_for_user(user=request.user, sessions=series.sessions.all()),
            "min_answers": MIN_ANSWERS,
        },
    )
