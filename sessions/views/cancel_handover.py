"""Cancelling a session and handing it over: both mail everyone invited, so the first press
asks, saying how many people are told."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from praktijktafel.htmx import messages_on_error
from praktijktafel.models import User
from sessions.forms import CancelForm, HandoverForm
from sessions.models import Session
from sessions.selectors.sessions import network_facilitators, told_of_changes
from sessions.services import sessions as session_services
from sessions.views.planning import editable_session


def _cancel_question(session: Session, form: CancelForm) -> dict:
    told = told_of_changes(session).count()
    return {
        "heading": _("Cancel “%(title)s”") % {"title": session.title},
        "question": _("Cancel this session for good?"),
        "points": [
            ngettext(
                "%(n)d invited person gets an email with a calendar cancellation.",
                "%(n)d invited people get an email with a calendar cancellation.",
                told,
            )
            % {"n": told},
            _("A cancelled session cannot be planned again: you would make a new one."),
        ],
        "warnings": [],
        "action": reverse("sessions:cancel", args=[session.pk]),
        "form": form,
        "form_template": "sessions/_cancel_reason.html",
        "button": _("Yes, cancel the session"),
        "back_url": reverse("sessions:detail", args=[session.pk]),
        "back_label": session.title,
    }


@login_required
@require_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancelling mails everyone invited and cannot be undone: the first press asks, saying
    how many people are told, and why it does not go ahead; only the confirmation
    (confirm=1) with a reason cancels."""
    session = editable_session(request, pk)
    if request.POST.get("confirm") != "1":
        form = CancelForm(initial={"reason": request.POST.get("reason", "")})
        return render(request, "confirm.html", {"confirm": _cancel_question(session, form)})
    form = CancelForm(request.POST)
    if not form.is_valid():
        return render(request, "confirm.html", {"confirm": _cancel_question(session, form)})
    with messages_on_error(request) as attempt:
        session_services.session_cancel(
            session=session, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
        )
    if attempt.ok:
        messages.success(request, _("The session is cancelled; everyone invited has been told."))
    return redirect("sessions:detail", pk=session.pk)


@login_required
@require_POST
def session_handover(request: HttpRequest, pk: int) -> HttpResponse:
    """A handover mails both facilitators and, once invitations went out, everyone invited:
    then the first press asks, saying how many are told; the confirmation (confirm=1) hands
    over."""
    session = editable_session(request, pk)
    form = HandoverForm(
        request.POST, candidates=network_facilitators(network_id=session.network_id)
    )
    if not form.is_valid():
        messages.error(request, _("Choose a facilitator of this network."))
        return redirect("sessions:detail", pk=session.pk)
    to = form.cleaned_data["facilitator"]
    told = told_of_changes(session).count()
    if told and to.pk != session.facilitator_id and request.POST.get("confirm") != "1":
        return render(request, "confirm.html", {"confirm": _handover_question(session, to, told)})
    with messages_on_error(request) as attempt:
        session_services.session_handover(session=session, to=to, by=request.user)
    if attempt.ok:
        messages.success(request, _("Handed over to %(name)s.") % {"name": to})
    return redirect("sessions:detail", pk=session.pk)


def _handover_question(session: Session, to: User, told: int) -> dict:
    return {
        "heading": _("Hand over “%(title)s”") % {"title": session.title},
        "question": ngettext(
            "Hand over to %(name)s and tell %(n)d invited person?",
            "Hand over to %(name)s and tell %(n)d invited people?",
            told,
        )
        % {"name": to, "n": told},
        "points": [
            _("Each gets an email with the details and the new facilitator's name."),
            _("You and the new facilitator get an email too."),
            _("An email cannot be taken back."),
        ],
        "warnings": [],
        "action": reverse("sessions:handover", args=[session.pk]),
        "hidden": [("facilitator", str(to.pk))],
        "button": _("Yes, hand over and send"),
        "button_class": "button",
        "back_url": reverse("sessions:detail", args=[session.pk]),
        "back_label": _("Back to the session without handing over"),
    }
