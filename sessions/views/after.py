"""After the session: the summary with the fidelity report, offering captures to the
kennisbank, and the anonymous evaluation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praktijktafel.htmx import messages_on_error
from praktijktafel.permissions import Perm, has_perm
from sessions.live.forms import EvaluationForm
from sessions.live.services.captures import capture_promote
from sessions.live.services.run import reopen_until
from sessions.models import Capture, LiveState, Session
from sessions.selectors.evaluations import MIN_ANSWERS, evaluation_result
from sessions.selectors.followups import followup_lines
from sessions.selectors.sessions import network_get_for_user, session_get_for_user
from sessions.selectors.summary import fidelity, promoted_waiting
from sessions.selectors.summary import summary as summary_data
from sessions.services.evaluation import evaluation_session, evaluation_submit, evaluation_used


@login_required
@require_GET
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_user(user=request.user, pk=pk)
    can_edit = has_perm(request.user, Perm.SESSION_EDIT, session)
    return render(
        request,
        "sessions/live/summary.html",
        {
            "session": session,
            "s": summary_data(session=session),
            "fidelity": fidelity(session=session),
            "can_edit": can_edit,
            "reopen_until": _reopen_until(session),
            # The facilitator and the coordinators read the evaluation; a knowledge expert
            # who may see the summary does not.
            "evaluation": evaluation_result(session=session) if can_edit else None,
            "min_answers": MIN_ANSWERS,
            "followups": followup_lines(session=session) if can_edit else [],
        },
    )


def _reopen_until(session: Session):
    """Until when this finished session can be reopened; None when that time has passed."""
    live = LiveState.objects.filter(session=session).first()
    until = reopen_until(live) if live is not None else None
    return until if until is not None and until > timezone.now() else None


@login_required
@require_POST
def promote(request: HttpRequest, pk: int, capture_pk: int) -> HttpResponse:
    session = session_get_for_user(user=request.user, pk=pk, perm=Perm.SESSION_EDIT)
    capture = get_object_or_404(Capture, pk=capture_pk, session=session)
    with messages_on_error(request) as attempt:
        capture_promote(capture=capture)
    if attempt.ok:
        messages.success(request, _("Offered to the kennisbank as a draft."))
    return redirect("sessions:summary", pk=session.pk)


@login_required
@require_GET
def promoted_list(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_get_for_user(user=request.user, slug=slug)
    return render(
        request,
        "sessions/live/promoted.html",
        {
            "network": network,
            "items": promoted_waiting(network_id=network.pk),
        },
    )


@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        session = evaluation_session(token)
    except ValidationError:
        return render(request, "sessions/live/evaluation.html", {"invalid": True}, status=404)
    done = evaluation_used(token)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and not done and form.is_valid():
        try:
            evaluation_submit(token=token, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("sessions:evaluation", token=token)
    return render(
        request,
        "sessions/live/evaluation.html",
        {"session": session, "form": form, "done": done},
        status=422 if form.errors else 200,
    )
