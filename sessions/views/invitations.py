"""Inviting people, their personal RSVP page, and the shared page of the app message.

The personal pages (`rsvp`, `rsvp_answer`, the phone page) open only with the link mailed to
the person: that is the person acting. The shared page (`rsvp_shared`) opens with the link
the team passes on in an app message: it answers yes or no and nothing else, and offers to
mail the person their own link for the rest."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praktijktafel.forms import add_service_errors
from praktijktafel.permissions import Perm, has_perm
from sessions import pve
from sessions.emails import rsvp_url
from sessions.forms import InviteForm, RsvpForm
from sessions.ics import CONTENT_TYPE, calendar_for, is_cancelled, method_for
from sessions.models import Invitation
from sessions.selectors.sessions import network_people_to_invite, session_facts
from sessions.services.invitations import (
    MAX_NEW_PEOPLE,
    invitations_send,
    invitees_parse,
    rsvp_respond,
)
from sessions.services.turnout import own_link_mail
from sessions.tokens import (
    TokenExpired,
    TokenInvalid,
    invitation_from_shared_token,
    invitation_from_token,
)
from sessions.views.planning import editable_session


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    session = editable_session(request, pk)
    candidates = network_people_to_invite(session=session)
    form = InviteForm(request.POST or None, candidates=candidates)
    context = {
        "session": session,
        "form": form,
        "warnings": pve.warnings(pve.check(session_facts(session))),
        "max_new_people": MAX_NEW_PEOPLE,
    }
    confirm: list[str] | None = None
    if request.method == "POST" and form.is_valid():
        confirmed = request.POST.get("confirm") == "1"
        try:
            new_people = invitees_parse(form.cleaned_data["new_people"])
            # The first press sends nothing: the same service runs in a savepoint that is
            # rolled back (its mails are queued on commit, so they go with it), which tells
            # exactly who would get an invitation, and any error, before anyone is mailed.
            with transaction.atomic():
                created = invitations_send(
                    session=session,
                    people=form.cleaned_data["people"],
                    new_people=new_people,
                    warning_reason=form.cleaned_data["warning_reason"],
                )
                if not confirmed:
                    confirm = sorted(i.shown_name for i in created)
                    transaction.set_rollback(True)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                form.add_error("new_people" if form.cleaned_data["new_people"] else None, error)
        else:
            if not confirmed:
                return render(request, "sessions/invite.html", {**context, "confirm": confirm})
            messages.success(
                request,
                _("%(n)d invitations sent. People who were already invited got no second one.")
                % {"n": len(created)},
            )
            return redirect("sessions:detail", pk=session.pk)
    return render(
        request,
        "sessions/invite.html",
        context,
        status=422 if form.errors else 200,
    )


def _personal(response: HttpResponse) -> HttpResponse:
    # same-origin, not no-referrer: the token never leaves the site, and the form POST
    # keeps a real Origin header for the CSRF check.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _invitation(
    request: HttpRequest, token: str, *, shared: bool = False
) -> Invitation | HttpResponse:
    """The invitation a personal (or, with `shared`, a team's shared) link names, or the page
    that says the link has expired (410) or is not valid (404)."""
    read = invitation_from_shared_token if shared else invitation_from_token
    try:
        return read(token)
    except TokenExpired:
        return render(request, "sessions/rsvp_invalid.html", {"expired": True}, status=410)
    except TokenInvalid:
        return render(request, "sessions/rsvp_invalid.html", {"expired": False}, status=404)


@require_http_methods(["GET", "POST"])
def rsvp_answer(request: HttpRequest, token: str, attend: bool) -> HttpResponse:
    """The "Ik kom" / "Ik kan niet" link in the invitation: opening it (GET, as a mail
    scanner does) only shows the answer; one press on the button (POST) gives it."""
    found = _invitation(request, token)
    if isinstance(found, HttpResponse):
        return found
    invitation = found
    error = ""
    if request.method == "POST":
        try:
            with transaction.atomic():
                rsvp_respond(
                    invitation=invitation,
                    attend=attend,
                    brings_case=invitation.brings_case,
                    case_summary=invitation.case_summary,
                )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("sessions:rsvp", token=token)
    response = render(
        request,
        "sessions/rsvp_answer.html",
        {
            "invitation": invitation,
            "session": invitation.session,
            "attend": attend,
            "token": token,
            "error": error,
        },
        status=422 if error else 200,
    )
    return _personal(response)


@require_GET
def rsvp_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """ "Zet in je agenda": the person's calendar file as it stands, the same event (UID and
    SEQUENCE) as in their last mail; a CANCEL once they signed off or the session is off."""
    found = _invitation(request, token)
    if isinstance(found, HttpResponse):
        return found
    invitation = found
    cancel = is_cancelled(invitation)
    response = HttpResponse(
        calendar_for(invitation, link=rsvp_url(invitation)),
        content_type=CONTENT_TYPE.format(method=method_for(cancel=cancel)),
    )
    response["Content-Disposition"] = 'attachment; filename="praktijktafel.ics"'
    response["Cache-Control"] = "private, no-store"  # personal: never kept by a shared cache
    return _personal(response)


@require_http_methods(["GET", "POST"])
def rsvp(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link from the invitation: no login, no password."""
    found = _invitation(request, token)
    if isinstance(found, HttpResponse):
        return found
    invitation = found
    session = invitation.session
    initial = {
        "attend": {"confirmed": "yes", "waitlisted": "yes", "declined": "no"}.get(
            invitation.status
        ),
        "brings_case": invitation.brings_case,
        "case_summary": invitation.case_summary,
        **RsvpForm.consent_initial(invitation.person, session.network_id),
    }
    form = RsvpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                invitation = rsvp_respond(
                    invitation=invitation,
                    attend=form.cleaned_data["attend"] == "yes",
                    brings_case=form.cleaned_data["brings_case"],
                    case_summary=form.cleaned_data["case_summary"],
                    consents=form.consents(),
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # The page looks the same after saving a case or a consent: say it was kept.
            messages.success(request, _("Your answer is saved."))
            return redirect("sessions:rsvp", token=token)
    response = render(
        request,
        "sessions/rsvp.html",
        {"invitation": invitation, "session": session, "form": form},
        status=422 if form.errors else 200,
    )
    return _personal(response)


@require_http_methods(["GET", "POST"])
def rsvp_shared(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the team's app message: yes or no only, marked as given through the
    shared link. It shows nothing of the person but the name the network knows, and sets no
    consent, phone number, case or membership: for those the person gets their own link."""
    found = _invitation(request, token, shared=True)
    if isinstance(found, HttpResponse):
        return found
    invitation = found
    error = ""
    if request.method == "POST":
        answer = request.POST.get("attend")
        if answer not in ("yes", "no"):
            error = _("Choose yes or no.")
        else:
            # A team member who opens the link they pass on answers as themselves: recorded
            # as staff's, by name, like "Contact noteren" (never as the person's own).
            staff = (
                request.user
                if has_perm(request.user, Perm.SESSION_VIEW, invitation.session)
                else None
            )
            try:
                rsvp_respond(
                    invitation=invitation,
                    attend=answer == "yes",
                    source=(
                        Invitation.AnswerSource.STAFF
                        if staff
                        else Invitation.AnswerSource.SHARED_LINK
                    ),
                    answered_by=staff,
                )
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                return redirect("sessions:rsvp_shared", token=token)
    invitation.refresh_from_db(fields=["status"])
    response = render(
        request,
        "sessions/rsvp_shared.html",
        {
            "invitation": invitation,
            "session": invitation.session,
            "token": token,
            "error": error,
            "mailed": request.GET.get("gemaild") == "1",
        },
        status=422 if error else 200,
    )
    return _personal(response)


@require_POST
def rsvp_shared_mail(request: HttpRequest, token: str) -> HttpResponse:
    """Mail the person their own link (to their own address only), for consents, phone
    number and a case."""
    found = _invitation(request, token, shared=True)
    if isinstance(found, HttpResponse):
        return found
    own_link_mail(invitation=found)
    return redirect(reverse("sessions:rsvp_shared", args=[token]) + "?gemaild=1")
