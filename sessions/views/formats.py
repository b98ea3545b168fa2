"""A network's session format: download it as JSON, or import another network's."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from praktijktafel.models import Network
from praktijktafel.permissions import Perm, has_perm
from sessions import formats


def _network(request: HttpRequest, slug: str) -> Network:
    network = get_object_or_404(Network, slug=slug)
    if not has_perm(request.user, Perm.NETWORK_MANAGE, network):
        raise Http404
    return network


@login_required
@require_GET
def format_export(request: HttpRequest, slug: str) -> HttpResponse:
    filename, content_type, content = formats.format_export(network=_network(request, slug))
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def format_import(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    context: dict = {"network": network, "errors": [], "result": None}
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("bestand")
        if getattr(request, "upload_refused", None) or (
            upload is not None and upload.size > formats.MAX_BYTES
        ):
            context["errors"] = [_("The file is too large: is it a session format?")]
        elif upload is None:
            context["errors"] = [_("Choose the JSON file another network exported.")]
        else:
            try:
                context["result"] = formats.format_import(network=network, content=upload.read())
            except ValidationError as error:
                context["errors"] = error.messages
        if context["errors"]:
            status = 400
    return render(request, "sessions/format_import.html", context, status=status)
