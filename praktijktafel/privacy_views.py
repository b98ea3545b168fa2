"""My data: see what is kept, download it, have it erased; the privacy statement; and the
same export and erasure for a coordinator acting on a member's request."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praktijktafel.models import Network, User
from praktijktafel.permissions import Perm, has_perm
from praktijktafel.personal_data import person_erase, person_export

CONFIRM_WORD = "VERWIJDER"


def _json_download(data: dict) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mijn-gegevens-{stamp}.json"'
    # Personal data: never kept by a browser or proxy cache.
    response["Cache-Control"] = "no-store"
    return response


def _confirmed(request: HttpRequest) -> bool:
    """Erasing cannot be undone: the confirm word must be typed; else say so."""
    if request.POST.get("confirm", "").strip().upper() == CONFIRM_WORD:
        return True
    messages.error(
        request, _("Type %(word)s to confirm that everything may go.") % {"word": CONFIRM_WORD}
    )
    return False


@require_GET
def privacy_statement(request: HttpRequest) -> HttpResponse:
    language = "en" if get_language() == "en" else "nl"
    return render(
        request,
        f"privacy/statement_{language}.html",
        {"retention_months": settings.PRIVACY_RETENTION_MONTHS},
    )


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/my_data.html", {"confirm_word": CONFIRM_WORD})


@login_required
@require_GET
def my_data_download(request: HttpRequest) -> HttpResponse:
    user = request.user
    return _json_download(person_export(person=user, requested_by=user))  # type: ignore[arg-type]


@login_required
@require_POST
def my_data_erase(request: HttpRequest) -> HttpResponse:
    if not _confirmed(request):
        return redirect("my_data")
    user = request.user
    try:
        person_erase(person=user, requested_by=user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("my_data")
    logout(request)
    return render(request, "privacy/erased.html")


def _member(request: HttpRequest, slug: str, pk: int) -> User:
    network = get_object_or_404(Network, slug=slug)
    if not has_perm(request.user, Perm.NETWORK_MANAGE, network):
        raise Http404
    person = User.objects.filter(pk=pk, memberships__network=network).distinct().first()
    if person is None:
        raise Http404
    return person


def _refused(request: HttpRequest, slug: str) -> HttpResponse:
    messages.error(
        request,
        _(
            "You cannot export or erase this person's data here: they also belong to a network "
            "you do not coordinate, or have a role of their own. They can do it themselves under "
            "'My data', or ask the administrator."
        ),
    )
    return redirect(settings.NETWORK_HOME_URL, slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def member_data(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A coordinator, on a member's request: download their data (GET) or erase them (POST)."""
    person = _member(request, slug, pk)
    if not has_perm(request.user, Perm.PERSON_DATA_MANAGE, person):
        return _refused(request, slug)
    if request.method == "GET":
        return _json_download(person_export(person=person, requested_by=request.user))  # type: ignore[arg-type]
    if not _confirmed(request):
        return redirect(settings.NETWORK_HOME_URL, slug=slug)
    try:
        person_erase(person=person, requested_by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The person and their data have been erased."))
    return redirect(settings.NETWORK_HOME_URL, slug=slug)
