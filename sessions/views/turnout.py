"""Turnout: the call list of a session, recording a call, the person's page for coordinators,
a person's own phone number, and the sign-up link that members pass on."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praktijktafel.consent import latest_answer
from praktijktafel.dates import local_format
from praktijktafel.forms import add_service_errors
from praktijktafel.htmx import is_fragment
from praktijktafel.models import Consent, User
from praktijktafel.permissions import Perm, has_perm
from praktijktafel.ratelimit import client_ip, limit_reached
from sessions.forms_turnout import ContactMomentForm, PhoneForm, SignupForm
from sessions.models import ContactPreference, Invitation, Session
from sessions.selectors.followups import help_requests
from sessions.selectors.phones import phone_display, phone_numbers
from sessions.selectors.sessions import network_get_for_user, session_get_for_user
from sessions.selectors.turnout import call_list, call_row, person_page
from sessions.selectors.turnout_expected import expected_turnout, turnout_history
from sessions.services.turnout import (
    contact_moment_record,
    phone_preference_set,
    signup_link_request,
)
from sessions.tokens import TokenExpired, TokenInvalid, invitation_from_token

# Asking for a link, per client address: enough for a room of people on one Wi-Fi signing up
# together, far too few to try addresses one by one.
SIGNUP_RATE_IP = 30
SIGNUP_RATE_WINDOW = 600


def _is_coordinator(user, session: Session) -> bool:
    return has_perm(user, Perm.NETWORK_MANAGE, session.network)


def pass_on_text(session: Session) -> str:
    """The ready-made invitation for a newsletter or app group, in the site's language."""
    link = settings.SITE_URL + reverse("sessions:signup", args=[session.uid])
    with translation.override(settings.LANGUAGE_CODE):
        start = timezone.localtime(session.starts_at)
        end = timezone.localtime(session.ends_at)
        return _(
            "Praktijktafel “%(title)s”: %(day)s, %(start)s–%(end)s, %(venue)s, %(address)s.\n"
            "%(minutes)d minutes with fellow business owners about being a good employer: "
            "sharing experience, no lectures.\n"
            "Member of %(network)s? Sign up with your email address and you get your personal "
            "link by mail: %(link)s"
        ) % {
            "title": session.title,
            "day": local_format(start, "l j F"),
            "start": local_format(start, "H:i"),
            "end": local_format(end, "H:i"),
            "venue": session.venue_name,
            "address": session.address,
            "minutes": session.slot_minutes,
            "network": session.network.name,
            "link": link,
        }


@login_required
@require_GET
def call_list_page(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_user(user=request.user, pk=pk, perm=Perm.SESSION_EDIT)
    coordinator = _is_coordinator(request.user, session)
    history = turnout_history(network_id=session.network_id)
    rows = (
        call_list(session=session, caller=request.user, show_history=coordinator, history=history)
        if session.is_planned
        else []
    )
    for row in rows:
        row.form = ContactMomentForm(prefix_pk=row.invitation.pk)
    context = {
        "session": session,
        "rows": rows,
        "expected": expected_turnout(sessions=[session], history=history)[session.pk],
        "explanation": history.explanation(),
        "pass_on": pass_on_text(session),
        "is_coordinator": coordinator,
        "open": session.is_planned,
        "today": timezone.localdate(),
        # Owners who asked for help with an action: for the coordinators to call.
        "help_requests": help_requests(network=session.network) if coordinator else [],
    }
    return render(request, "sessions/turnout/call_list.html", context)


@login_required
@require_POST
def contact_record(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    session = session_get_for_user(user=request.user, pk=pk, perm=Perm.SESSION_EDIT)
    invitation = (
        Invitation.objects.select_related("person")
        .filter(pk=invitation_pk, session=session)
        .first()
    )
    if invitation is None:
        raise Http404
    invitation.session = session
    form = ContactMomentForm(request.POST, prefix_pk=invitation.pk)
    coordinator = _is_coordinator(request.user, session)
    status = 200
    if form.is_valid():
        try:
            contact_moment_record(
                invitation=invitation,
                by=request.user,
                outcome=form.cleaned_data["outcome"],
                call_back_on=form.cleaned_data["call_back_on"],
                note=form.cleaned_data["note"],
                answer_rsvp=form.cleaned_data["answer_rsvp"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        status = 422
    elif not is_fragment(request):
        messages.success(
            request, _("Contact with %(name)s saved.") % {"name": invitation.shown_name}
        )
        return redirect(reverse("sessions:call_list", args=[session.pk]) + "#bellijst")
    if not is_fragment(request):
        messages.error(request, " ".join(" ".join(e) for e in form.errors.values()))
        return redirect(reverse("sessions:call_list", args=[session.pk]) + "#bellijst")
    row = call_row(
        session=session, invitation=invitation, caller=request.user, show_history=coordinator
    )
    invitation.refresh_from_db()
    return render(
        request,
        "sessions/turnout/call_list.html#row",
        {
            "session": session,
            "row": row,
            "invitation": invitation,
            "form": form if form.errors else ContactMomentForm(prefix_pk=invitation.pk),
            "saved": not form.errors,
            "is_coordinator": coordinator,
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
@require_GET
def person_detail(request: HttpRequest, slug: str, person_pk: int) -> HttpResponse:
    """A member's contact history: coordinators only (their turnout is on it)."""
    network = network_get_for_user(user=request.user, slug=slug, perm=Perm.NETWORK_MANAGE)
    page = person_page(network=network, person_id=person_pk)
    return render(request, "sessions/turnout/person.html", {"network": network, "page": page})


def _token_invitation(token: str) -> Invitation | None:
    try:
        return invitation_from_token(token)
    except (TokenExpired, TokenInvalid):
        return None


@require_http_methods(["GET", "POST"])
def phone_preference(request: HttpRequest, token: str) -> HttpResponse:
    """The person's own phone number and consent, with the personal link from their mail."""
    invitation = _token_invitation(token)
    if invitation is None:
        return render(request, "sessions/rsvp_invalid.html", {"expired": False}, status=404)
    person: User = invitation.person
    network_id = invitation.session.network_id
    current = latest_answer(person, Consent.Kind.PHONE, network=network_id)
    stored = ContactPreference.objects.filter(person=person, network_id=network_id).first()
    initial = {
        "consent": "yes" if current else "no",
        "phone": phone_display(phone_numbers([person.pk], network=network_id).get(person.pk, "")),
        "prefers_call": bool(current and stored and stored.prefers_call),
    }
    form = PhoneForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            phone_preference_set(
                person=person,
                network=network_id,
                phone=form.cleaned_data["phone"],
                consent=form.cleaned_data["consent"] == "yes",
                prefers_call=form.cleaned_data["prefers_call"],
                source=f"phone-page:{invitation.session_id}",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved. You can change this at any time with this link."))
            return redirect("sessions:rsvp_phone", token=token)
    response = render(
        request,
        "sessions/turnout/phone.html",
        {"form": form, "invitation": invitation, "session": invitation.session, "token": token},
        status=422 if form.errors else 200,
    )
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest, uid: str) -> HttpResponse:
    """The link in the passed-on invitation: members ask for their personal link by mail.
    The answer is the same whether or not the address is known."""
    session = Session.objects.select_related("network").filter(uid=uid).first()
    if session is None:
        raise Http404
    form = SignupForm(request.POST or None)
    sent = False
    limited = request.method == "POST" and limit_reached(
        "signup", client_ip(request), limit=SIGNUP_RATE_IP, window=SIGNUP_RATE_WINDOW
    )
    if limited:
        form.add_error(
            None, _("Too many requests from your connection. Wait ten minutes and try again.")
        )
    elif request.method == "POST" and form.is_valid():
        signup_link_request(session=session, email=form.cleaned_data["email"])
        sent = True
    response = render(
        request,
        "sessions/turnout/signup.html",
        {
            "session": session,
            "form": SignupForm() if sent else form,
            "sent": sent,
            "open": session.signup_open,
        },
        status=429 if limited else 422 if form.errors else 200,
    )
    response.headers["X-Robots-Tag"] = "noindex"
    return response
