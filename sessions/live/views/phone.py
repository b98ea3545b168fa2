"""The phone page: participants add a bottleneck or their own action with the session's code,
without an account, rate limited per device and per IP address. The mail of an own action is
limited and addressed in sessions.live.services.phone."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from praktijktafel.ratelimit import client_ip, limit_reached
from sessions.live.forms import PhoneForm
from sessions.live.limits import PHONE_RATE_DEVICE, PHONE_RATE_IP, PHONE_RATE_WINDOW
from sessions.live.selectors.phone import phone_session
from sessions.live.services import phone as phone_services
from sessions.models import KNELPUNT, Capture

PHONE_DEVICE_COOKIE = "pt_device"


def _device_id(request: HttpRequest) -> tuple[str, bool]:
    """The device id from its signed cookie (and True), or a new one (and False)."""
    device = request.get_signed_cookie(PHONE_DEVICE_COOKIE, default="", salt="phone")
    return (device, True) if device else (uuid.uuid4().hex, False)


def _rate_limited(request: HttpRequest, code: str, device: str, known: bool) -> bool:
    ip = client_ip(request)
    # A post without the cookie would otherwise be a new device every time: all such posts
    # from one address share one device's limit (a phone that opened the page has its cookie).
    who = f"{code}|dev|{device}" if known else f"{code}|dev-none|{ip}"
    window = PHONE_RATE_WINDOW
    return limit_reached("phone", who, limit=PHONE_RATE_DEVICE, window=window) or limit_reached(
        "phone", f"{code}|ip|{ip}", limit=PHONE_RATE_IP, window=window
    )


@require_http_methods(["GET", "POST"])
def phone(request: HttpRequest, code: str) -> HttpResponse:
    """Participants join on their phone with the short code: no account, anonymous."""
    code = code.upper()  # the lookup and the rate limits read the same code, whatever its case
    session = phone_session(code=code)
    if session is None:
        return render(request, "sessions/live/phone_closed.html", status=404)
    device, known = _device_id(request)
    form = PhoneForm(request.POST or None, initial={"client_id": uuid.uuid4(), "kind": KNELPUNT})
    context = {
        "form": form,
        "session": session,
        "sent": request.GET.get("verstuurd") == "1",
        "mail_asked": request.GET.get("mail") == "1",
    }
    status = 200
    if request.method == "POST":
        # Only what would be stored counts: empty or broken posts must not use up the room's
        # allowance (phones at a venue share one address).
        if form.is_valid() and _rate_limited(request, code, device, known):
            context["limited"] = True
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                phone_services.phone_item_add(
                    session=session,
                    client_id=data["client_id"],
                    kind=data["kind"],
                    text=data["text"],
                    email=data["email"] if data["kind"] == Capture.Kind.ACTION else "",
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                mail_asked = (
                    "&mail=1" if data["kind"] == Capture.Kind.ACTION and data["email"] else ""
                )
                url = f"{reverse('sessions:phone', args=[code])}?verstuurd=1{mail_asked}"
                response = redirect(url)
                _remember_device(response, device)
                return response
        if form.errors and status != 429:
            status = 422
    response = render(request, "sessions/live/phone.html", context, status=status)
    response.headers["X-Robots-Tag"] = "noindex"
    _remember_device(response, device)
    return response


def _remember_device(response: HttpResponse, device: str) -> None:
    response.set_signed_cookie(
        PHONE_DEVICE_COOKIE,
        device,
        salt="phone",
        max_age=PHONE_RATE_WINDOW * 6,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG,
    )
