"""The follow-up of an action between sessions: the pages behind the links in the mail (no
login; opening a link only shows the choice, a press on the button records it, so a mail
scanner that opens every link answers nothing), and the coordinator marking a request for
help as taken up."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from praktijktafel.permissions import Perm, has_perm
from sessions.action_answers import ANSWER_SLUGS, SLUG_OF
from sessions.models import ActionCheck
from sessions.selectors.sessions import session_get_for_user
from sessions.services import followups
from sessions.tokens import TokenInvalid, action_check_id


def _check(token: str) -> ActionCheck | None:
    try:
        check_id = action_check_id(token)
    except TokenInvalid:
        return None
    return (
        ActionCheck.objects.select_related("action__session__network", "invitation__person")
        .filter(pk=check_id)
        .first()
    )


def _personal(response: HttpResponse) -> HttpResponse:
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _invalid(request: HttpRequest) -> HttpResponse:
    return _personal(render(request, "sessions/followup/check.html", {"invalid": True}, status=404))


@require_http_methods(["GET"])
def action_check(request: HttpRequest, token: str) -> HttpResponse:
    check = _check(token)
    if check is None:
        return _invalid(request)
    return _personal(
        render(
            request,
            "sessions/followup/check.html",
            {
                "check": check,
                "token": token,
                "choices": [(SLUG_OF[a], a.label, a.value) for a in ActionCheck.Answer],
                "opted_out": followups.action_check_opted_out(check),
            },
        )
    )


@require_http_methods(["GET", "POST"])
def action_check_answer(request: HttpRequest, token: str, answer: str) -> HttpResponse:
    """The one-click link of the mail: GET shows the choice, the button (POST) records it."""
    check = _check(token)
    if check is None:
        return _invalid(request)
    if answer not in ANSWER_SLUGS:
        raise Http404
    chosen = ANSWER_SLUGS[answer]
    if request.method == "POST":
        try:
            followups.action_check_answer(check=check, answer=chosen)
        except ValidationError as error:  # pragma: no cover - the slug is checked above
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you! Your answer has been saved."))
        return redirect("sessions:action_check", token=token)
    return _personal(
        render(
            request,
            "sessions/followup/answer.html",
            {"check": check, "token": token, "slug": answer, "label": chosen.label},
        )
    )


@csrf_exempt  # the signed token is the proof; a mail client's one-click POST has no cookie
@require_http_methods(["GET", "POST"])
def action_check_stop(request: HttpRequest, token: str) -> HttpResponse:
    """No more follow-up mails from this network (or again): the person's own choice."""
    check = _check(token)
    if check is None:
        return _invalid(request)
    if request.method == "POST":
        # "0" from the page's own button turns the mails on again; anything else (the page's
        # stop button, a mail client's List-Unsubscribe=One-Click) turns them off.
        stop = request.POST.get("stop") != "0"
        followups.action_check_opt_out(check=check, stop=stop)
        messages.success(
            request,
            _("You will get no more of these mails.")
            if stop
            else _("You will get these mails again."),
        )
        return redirect("sessions:action_check_stop", token=token)
    return _personal(
        render(
            request,
            "sessions/followup/stop.html",
            {"check": check, "token": token, "opted_out": followups.action_check_opted_out(check)},
        )
    )


@login_required
@require_POST
def help_handled(request: HttpRequest, pk: int, check_pk: UUID) -> HttpResponse:
    """A coordinator took up a request for help from the call list of this session."""
    session = session_get_for_user(user=request.user, pk=pk, perm=Perm.SESSION_EDIT)
    if not has_perm(request.user, Perm.NETWORK_MANAGE, session.network):
        raise Http404
    check = get_object_or_404(
        ActionCheck, pk=check_pk, action__session__network_id=session.network_id
    )
    try:
        followups.action_check_help_handled(check=check, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Marked as taken up."))
    return redirect("sessions:call_list", pk=session.pk)
