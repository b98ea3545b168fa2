"""Editing a session's agenda and its charts on the session page (HTMX, with plain-form
fallbacks)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from praktijktafel.htmx import messages_on_error
from sessions.forms import PhaseForm, PhaseMinutesForm
from sessions.models import Phase, Session
from sessions.services import agenda as agenda_services
from sessions.services.charts import session_chart_attach, session_chart_detach
from sessions.views.planning import editable_session, planning_response


def _phase(request: HttpRequest, pk: int, phase_pk: int) -> tuple[Session, Phase]:
    session = editable_session(request, pk)
    return session, get_object_or_404(Phase, pk=phase_pk, session=session)


@login_required
@require_POST
def phase_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = editable_session(request, pk)
    form = PhaseForm(request.POST, prefix="new")
    if form.is_valid():
        with messages_on_error(request):
            agenda_services.phase_add(session=session, **form.cleaned_data)
    else:
        messages.error(request, _("Give the new phase a title and a number of minutes."))
    return planning_response(request, session)


@login_required
@require_POST
def phase_minutes(request: HttpRequest, pk: int, phase_pk: int) -> HttpResponse:
    session, phase = _phase(request, pk, phase_pk)
    form = PhaseMinutesForm(request.POST)
    if form.is_valid():
        with messages_on_error(request):
            agenda_services.phase_update(phase=phase, minutes=form.cleaned_data["minutes"])
    else:
        messages.error(request, _("A phase takes between 1 and 180 minutes."))
    return planning_response(request, session)


@login_required
@require_POST
def phase_move(request: HttpRequest, pk: int, phase_pk: int, direction: str) -> HttpResponse:
    session, phase = _phase(request, pk, phase_pk)
    with messages_on_error(request):
        agenda_services.phase_move(phase=phase, offset=-1 if direction == "up" else 1)
    return planning_response(request, session)


@login_required
@require_POST
def phase_delete(request: HttpRequest, pk: int, phase_pk: int) -> HttpResponse:
    session, phase = _phase(request, pk, phase_pk)
    with messages_on_error(request):
        agenda_services.phase_remove(phase=phase)
    return planning_response(request, session)


@login_required
@require_POST
def chart_attach(request: HttpRequest, pk: int) -> HttpResponse:
    session = editable_session(request, pk)
    key = request.POST.get("chart", "")
    if not key:
        messages.error(request, _("Choose a chart from the list."))
    else:
        with messages_on_error(request):
            session_chart_attach(session=session, key=key, user=request.user)
    return planning_response(request, session)


@login_required
@require_POST
def chart_detach(request: HttpRequest, pk: int, chart_pk: int) -> HttpResponse:
    session = editable_session(request, pk)
    session_chart_detach(session=session, chart_pk=chart_pk)
    return planning_response(request, session)
