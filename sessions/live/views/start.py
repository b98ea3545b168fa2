"""Starting a session live, and taking the start back while nothing was captured yet."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from praktijktafel.htmx import is_fragment, messages_on_error
from praktijktafel.permissions import Perm
from sessions.live.services import run as live_services
from sessions.models import LiveState
from sessions.selectors.sessions import session_get_for_user


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_user(user=request.user, pk=pk, perm=Perm.SESSION_EDIT)
    if (
        not LiveState.objects.filter(session=session).exists()
        and live_services.starts_early(session)
        and request.POST.get("early") != "1"
    ):
        # Asked once, on the start page itself: what starting now does, and a second button.
        return render(request, "sessions/live/start.html", {"session": session, "early": True})
    with messages_on_error(request) as attempt:
        live_services.live_start(session=session)
    if not attempt.ok:
        return redirect("sessions:detail", pk=session.pk)
    return redirect("sessions:live", pk=session.pk)


@login_required
@require_POST
def start_undo(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_user(user=request.user, pk=pk, perm=Perm.SESSION_EDIT)
    with messages_on_error(request) as attempt:
        live_services.live_start_undo(session=session)
    if not attempt.ok:
        return redirect("sessions:live", pk=session.pk)
    messages.success(request, _("The start is undone: the session is planned again."))
    response = redirect("sessions:detail", pk=session.pk)
    if is_fragment(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("sessions:detail", args=[session.pk])
    return response
