"""The programme report pages: per network for its coordinators, for all networks for a
superuser (the beheerder); its CSV tables and PDF; and a printable presence list per
session for subsidy accounting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from praktijktafel.htmx import error_message
from praktijktafel.models import Network
from praktijktafel.permissions import Perm, has_perm
from quarterly import exports, programme
from sectordata.svg import render as render_chart
from sessions.models import Session


def _network(request: HttpRequest, slug: str | None) -> Network | None:
    """The network of the report, or None for every network (a superuser only)."""
    if slug is None:
        if not request.user.is_superuser:
            raise Http404
        return None
    network = get_object_or_404(Network, slug=slug)
    if not has_perm(request.user, Perm.QUARTERLY_EXPORT, network):
        raise Http404
    return network


def _page_url(network: Network | None) -> str:
    if network is None:
        return reverse("quarterly:programme_all")
    return reverse("quarterly:programme", args=[network.slug])


def _file(content: tuple[str, str, bytes]) -> HttpResponse:
    filename, content_type, data = content
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"  # names of people, behind a login
    return response


@login_required
@require_GET
def report(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    network = _network(request, slug)
    try:
        period = programme.period_from(request.GET.get("periode"))
    except ValidationError as error:
        error_message(request, error)
        period = programme.period_from(None)
    data = programme.programme_report(network=network, period=period)
    context = {
        "r": data,
        "t": data.totals,
        "network": network,
        "periods": programme.period_choices(),
        "charts": [(c, render_chart(c)) for c in programme.charts(data)],
        "csv_tables": exports.table_labels(),
        "page_url": _page_url(network),
    }
    return render(request, "programme/report.html", context)


def _report_or_redirect(request: HttpRequest, network: Network | None):
    try:
        period = programme.period_from(request.GET.get("periode"))
    except ValidationError as error:
        error_message(request, error)
        return None
    return programme.programme_report(network=network, period=period)


@login_required
@require_GET
def report_csv(request: HttpRequest, table: str, slug: str | None = None) -> HttpResponse:
    network = _network(request, slug)
    if table not in exports.TABLES:
        raise Http404
    data = _report_or_redirect(request, network)
    if data is None:
        return redirect(_page_url(network))
    return _file(exports.export_csv(data, table))


# A PDF is made while the person waits: over this many sessions (hundreds of pages) it takes
# minutes and far more memory than a web worker should hold. The page and the CSV have no limit.
PDF_SESSIONS_MAX = 400


@login_required
@require_GET
def report_pdf(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    network = _network(request, slug)
    data = _report_or_redirect(request, network)
    if data is None:
        return redirect(_page_url(network))
    if len(data.sessions) > PDF_SESSIONS_MAX:
        messages.error(
            request,
            _(
                "This period has %(n)d sessions; a PDF holds at most %(max)d. Choose a shorter "
                "period or one network, or download the tables as CSV."
            )
            % {"n": len(data.sessions), "max": PDF_SESSIONS_MAX},
        )
        return redirect(
            _page_url(network) + "?" + urlencode({"periode": request.GET.get("periode", "")})
        )
    return _file(exports.export_pdf(data))


@login_required
@require_GET
def presence(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable presence list: who came, for how many minutes, with room to sign."""
    session = get_object_or_404(Session.objects.select_related("network", "sector"), pk=pk)
    if not has_perm(request.user, Perm.QUARTERLY_EXPORT, session):
        raise Http404
    people = programme.presence_list(session=session)
    return render(
        request,
        "programme/presence.html",
        {
            "session": session,
            "people": people,
            "minutes": session.slot_minutes,
            "held": session.status in programme.HELD,  # the report's own rule
        },
    )
