from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kennisbank.selectors import review_due
from praktijktafel.dates import last_complete_quarter, previous_quarter, quarter_containing
from praktijktafel.htmx import is_fragment, messages_on_error
from praktijktafel.models import Network, User
from praktijktafel.numbers import int_or_none
from praktijktafel.permissions import Perm, has_perm
from quarterly import emails, pdf, selectors, services
from quarterly.models import QuarterlyUpdate
from quarterly.tokens import read_unsubscribe_token


def _network(request: HttpRequest, slug: str) -> Network:
    network = get_object_or_404(Network, slug=slug)
    if not has_perm(request.user, Perm.QUARTERLY_EXPORT, network):
        raise Http404
    return network


def _quarters(now=None) -> list[tuple[int, int]]:
    """The current quarter and the eight before it, newest first."""
    found = [quarter_containing(now or timezone.now())]
    while len(found) < 9:
        found.append(previous_quarter(*found[-1]))
    return found


def _scope(request: HttpRequest, network: Network):
    data = request.POST if request.method == "POST" else request.GET
    if data.get("kwartaal"):
        year_text, _dash, quarter_text = data["kwartaal"].partition("-")
        year, quarter = services.quarter_check(int_or_none(year_text), int_or_none(quarter_text))
    else:
        year, quarter = last_complete_quarter()
    sector = None
    if data.get("sector"):
        sector = network.sectors.filter(slug=data["sector"]).first()
        if sector is None:
            raise ValidationError(_("This sector is not one of the network's sectors."))
    return year, quarter, sector


def _archive_rows(updates: list[QuarterlyUpdate]) -> list[tuple]:
    """(update, delivery stats or None, recipients) with a fixed number of queries: the
    stats come in one query for all updates, the recipients once per sector."""
    stats = selectors.delivery_stats_for([u for u in updates if u.sending_started_at])
    had_it = selectors.people_with_delivery([u for u in updates if u.sending_started_at])
    recipients: dict[int | None, set[int]] = {}
    rows = []
    for update in updates:
        if update.sector_id not in recipients:
            recipients[update.sector_id] = {p.pk for p in selectors.recipients(update)}
        # Only who has not had it yet: after sending the button no longer offers to send.
        to_send = len(recipients[update.sector_id] - had_it.get(update.pk, set()))
        rows.append((update, stats.get(update.pk), to_send))
    return rows


@login_required
@require_GET
def index(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    updates = selectors.archive(network)
    context = {
        "network": network,
        "quarters": _quarters(),
        "sectors": list(network.sectors.order_by("name")),
        "rows": _archive_rows(updates),
        "busy": any(u.busy for u in updates),
        "review_due": review_due(network=network),
    }
    if is_fragment(request) and request.GET.get("part") == "archive":
        return render(request, "quarterly/index.html#archive", context)
    return render(request, "quarterly/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, slug: str) -> HttpResponse:
    # The page's form posts, so its CSRF token never lands in an address, history or log;
    # a GET with the scope in the address still works for a bookmarked preview.
    network = _network(request, slug)
    with messages_on_error(request) as attempt:
        year, quarter, sector = _scope(request, network)
    if not attempt.ok:
        return redirect("quarterly:index", slug=slug)
    content = selectors.quarter_content(network=network, sector=sector, year=year, quarter=quarter)
    response = HttpResponse(pdf.render_html(content, preview=True))
    response.csp_inline_style = True  # type: ignore[attr-defined]  # the PDF's own stylesheet
    return response


@login_required
@require_POST
def generate(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    with messages_on_error(request) as attempt:
        year, quarter, sector = _scope(request, network)
        _update_made, started = services.update_request(
            network=network, sector=sector, year=year, quarter=quarter, user=request.user
        )
    if attempt.ok:
        if started:
            messages.success(request, _("The PDF is being made; this page shows how far it is."))
        else:
            messages.info(request, _("This update is already being made; wait a moment."))
    return redirect("quarterly:index", slug=slug)


def _update(request: HttpRequest, pk: int) -> QuarterlyUpdate:
    update = get_object_or_404(QuarterlyUpdate.objects.select_related("network", "sector"), pk=pk)
    if not has_perm(request.user, Perm.QUARTERLY_EXPORT, update.network):
        raise Http404
    return update


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponse:
    update = _update(request, pk)
    if update.status != QuarterlyUpdate.Status.READY or not update.pdf:
        raise Http404
    response = HttpResponse(bytes(update.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{emails.filename(update)}"'
    response["Cache-Control"] = "private, no-store"  # a network's own update, behind a login
    return response


def _still_to_send(update: QuarterlyUpdate) -> int:
    """How many connected people have not had this update (sent, waiting or failed)."""
    had_it = selectors.people_with_delivery([update])[update.pk]
    return len({p.pk for p in selectors.recipients(update)} - had_it)


def _send_question(update: QuarterlyUpdate, count: int) -> dict:
    label = update.label + (f" · {update.sector.name}" if update.sector else "")
    warnings = []
    if (update.year, update.quarter) >= quarter_containing(timezone.now()):
        warnings.append(
            _(
                "This quarter is not over yet: what happens until its last day is not in "
                "this update. Send the update of the last quarter that is over instead."
            )
        )
    return {
        "heading": _("Send the quarterly update %(label)s") % {"label": label},
        "question": ngettext(
            "Send the update to %(n)d ondernemer now?",
            "Send the update to %(n)d ondernemers now?",
            count,
        )
        % {"n": count},
        "points": [
            _("Everyone connected who has not had it gets the PDF by email."),
            _("An email cannot be taken back; nobody gets it twice."),
        ],
        "warnings": warnings,
        "action": reverse("quarterly:send", args=[update.pk]),
        "button": ngettext("Yes, send to %(n)d ondernemer", "Yes, send to %(n)d ondernemers", count)
        % {"n": count},
        "button_class": "button",
        "back_url": reverse("quarterly:index", args=[update.network.slug]),
        "back_label": _("Quarterly update"),
    }


@login_required
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    """Mailing a network cannot be taken back: the first press shows how many people get
    the update (and whether its quarter is over), only the confirmation (confirm=1) sends."""
    update = _update(request, pk)
    if request.POST.get("confirm") != "1":
        count = _still_to_send(update)
        if update.status != QuarterlyUpdate.Status.READY or not count:
            if update.status != QuarterlyUpdate.Status.READY:
                messages.error(request, _("The PDF is not ready yet."))
            else:
                messages.info(request, _("Everyone connected has had this update already."))
            return redirect("quarterly:index", slug=update.network.slug)
        return render(request, "confirm.html", {"confirm": _send_question(update, count)})
    with messages_on_error(request) as attempt:
        count = services.update_send(update=update)
    if attempt.ok:
        if count:
            messages.success(request, _("Sending to %(n)d people.") % {"n": count})
        else:
            messages.info(request, _("Everyone connected has had this update already."))
    return redirect("quarterly:index", slug=update.network.slug)


@csrf_exempt  # the signed token is the proof; a mail client's one-click POST has no cookie
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Works without logging in. GET asks (so a mail scanner following links unsubscribes
    nobody); POST does it, also as the mail client's one-click unsubscribe."""
    try:
        person_id, network_id = read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "quarterly/unsubscribe.html", {"invalid": True}, status=404)
    network = Network.objects.filter(pk=network_id).first()
    if network is None or not User.objects.filter(pk=person_id).exists():
        # An erased person's old link: there is nobody left to unsubscribe.
        return render(request, "quarterly/unsubscribe.html", {"invalid": True}, status=404)
    done = False
    if request.method == "POST":
        services.opt_out(person_id=person_id, network_id=network_id)
        done = True
    return render(request, "quarterly/unsubscribe.html", {"network": network, "done": done})
