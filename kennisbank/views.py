from __future__ import annotations

from urllib.parse import quote, urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kennisbank import search as searching
from kennisbank import selectors, services
from kennisbank.forms import PublishForm, SearchForm, SolutionForm
from kennisbank.models import Solution, UsefulMark
from kennisbank.presenters import nothing_found, present_items
from kennisbank.text import parse_links, render_markdown
from praktijktafel.forms import add_service_errors
from praktijktafel.htmx import error_message, is_fragment
from praktijktafel.models import Network, Role, Sector
from praktijktafel.permissions import Perm, has_perm, network_ids_with
from praktijktafel.themes import Theme


def _address(request: HttpRequest, **changed: str) -> str:
    """This search's address with some parameters changed (and on its first page unless a
    page is given): the pager's links, "Bedoelde je …", "zoek toch naar …"."""
    query = request.GET.copy()
    query.pop("pagina", None)
    for name, value in changed.items():
        query[name] = value
    return "?" + query.urlencode()


def _search_page(request: HttpRequest, *, heading: str, action: str, **preset) -> HttpResponse:
    form = SearchForm(request.GET)
    form.is_valid()  # always valid: what it cannot use it leaves out
    params = form.params()
    # A theme's or sector's page opens with its filter ticked. Once the person uses the form
    # (which always sends the sort order), the ticks are theirs: the filter can be unticked,
    # and the heading no longer names it.
    submitted = "sorteer" in request.GET
    unticked = False
    for name, value in preset.items():
        if name == "since":
            params.since = value
        elif value not in params.filters.get(name, []):  # a filter: "theme", "sector"
            if submitted:
                heading = _("Kennisbank")
                unticked = True
            else:
                params.filters.setdefault(name, []).append(value)
    if unticked:
        # The page's own filter was unticked: from now on this is the kennisbank's search,
        # and the address says so (a sector's address kept its sector, so a reload or a
        # shared link brought the filter back).
        action = reverse("kennisbank:search")
        address = f"{action}?{request.GET.urlencode()}"
        if not request.htmx:
            return redirect(address)
    result = searching.search(user=request.user, params=params, present=present_items)
    if form.message:
        result.message = " ".join(m for m in (form.message, result.message) if m)
    context = {"result": result, "params": params, "heading": heading, "action": action}
    # Someone arriving from a link before logging in sees only the public items: the page says
    # what the kennisbank is and how to log in, not "0 found" for an empty search.
    context["logged_out"] = not request.user.is_authenticated
    context["login_url"] = f"{reverse('account_login')}?next={quote(request.get_full_path())}"
    context["nothing_found"] = nothing_found(params, logged_out=context["logged_out"])
    # Nothing found: a way on without typing, by theme or the whole list.
    search_url = reverse("kennisbank:search")
    context["browse"] = [(f"{search_url}?thema={value}", label) for value, label in Theme.choices]
    if result.corrected_from:  # "zoek toch naar …": the words as typed, same filters
        context["typed_url"] = _address(request, q=result.corrected_from, letterlijk="1")
    if result.suggestion:  # "Bedoelde je …" keeps the filters and the sort order
        context["suggestion_url"] = _address(request, q=result.suggestion)
    if result.page > 1:
        context["previous_url"] = _address(request, pagina=str(result.page - 1))
    if result.page < result.pages:
        context["next_url"] = _address(request, pagina=str(result.page + 1))
    if is_fragment(request):  # the results only: no links above the form to work out
        context["fragment"] = True
        response = render(request, "kennisbank/search.html#results", context)
        if unticked:
            response["HX-Push-Url"] = address
        elif request.htmx.trigger == "q":
            # Asked while typing: the address follows, but a pause is no Back step.
            response["HX-Replace-Url"] = request.get_full_path()
        return response
    context["can_write"] = bool(_write_networks(request))
    context["can_moderate"] = request.user.is_authenticated and bool(
        network_ids_with(request.user, Role.COORDINATOR)
    )
    return render(request, "kennisbank/search.html", context)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    return _search_page(request, heading=_("Kennisbank"), action=reverse("kennisbank:search"))


@require_GET
def by_theme(request: HttpRequest, theme: str) -> HttpResponse:
    if theme not in Theme.values:
        raise Http404
    label = Theme(theme).label
    return _search_page(
        request,
        heading=_("Kennisbank: %(theme)s") % {"theme": label},
        action=reverse("kennisbank:theme", args=[theme]),
        theme=theme,
    )


@require_GET
def by_sector(request: HttpRequest, slug: str) -> HttpResponse:
    sector = get_object_or_404(Sector, slug=slug)
    return _search_page(
        request,
        heading=_("Kennisbank: %(sector)s") % {"sector": sector.name},
        action=reverse("kennisbank:sector", args=[slug]),
        sector=slug,
    )


@require_GET
def new_this_quarter(request: HttpRequest) -> HttpResponse:
    return _search_page(
        request,
        heading=_("New this quarter"),
        action=reverse("kennisbank:new"),
        since=searching.quarter_start(),
    )


SEARCH_PAGES = {"kennisbank:search", "kennisbank:new", "kennisbank:theme", "kennisbank:sector"}


def _back_to_search(request: HttpRequest) -> str:
    """The search the person came from, with its words and filters (the live search keeps
    them in the address), for the link back; else the kennisbank's first page."""
    default = reverse("kennisbank:search")
    came_from = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(
        came_from, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return default
    parts = urlsplit(came_from)
    try:
        page = resolve(parts.path)
    except Resolver404:
        return default
    if page.view_name not in SEARCH_PAGES:
        return default
    return parts.path + (f"?{parts.query}" if parts.query else "")


@require_GET
def detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    if not request.user.is_authenticated and selectors.solution_needs_login(pk=pk):
        # A link from the quarterly PDF or a mail, opened before logging in: to the login by
        # code, and back here after it (a 404 told a member the item was gone).
        return redirect_to_login(request.get_full_path())
    solution = selectors.solution_get_for_user(user=request.user, pk=pk)
    if solution.status != Solution.Status.PUBLISHED and not request.user.is_authenticated:
        raise Http404
    if slug != solution.slug and solution.status == Solution.Status.PUBLISHED:
        return redirect("kennisbank:detail", pk=pk, slug=solution.slug, permanent=True)
    user = request.user
    can_write = selectors.can_write(user, solution)
    warnings = services.solution_privacy_check(solution) if can_write else []
    context = {
        "solution": solution,
        "body_html": render_markdown(solution.body),
        "links": parse_links(solution.links),
        "sectors": list(Sector.objects.filter(pk__in=solution.sector_ids)),
        "contact": solution.contact if selectors.contact_visible(solution) else None,
        "related": selectors.related(user=user, solution=solution),
        "marked": user.is_authenticated
        and UsefulMark.objects.filter(solution=solution, user=user).exists(),
        "can_write": can_write,
        "can_moderate": has_perm(user, Perm.KENNISBANK_MODERATE, solution),
        "revisions": list(solution.revisions.select_related("user")[:20]) if can_write else [],
        "warnings": warnings,
        # Publishing past the privacy check's warnings asks to confirm them.
        "publish_form": PublishForm() if warnings else None,
        "back_url": _back_to_search(request),
    }
    return render(request, "kennisbank/detail.html", context)


@login_required
@require_POST
def useful(request: HttpRequest, pk: int) -> HttpResponse:
    solution = selectors.solution_get_for_user(user=request.user, pk=pk)
    if solution.status != Solution.Status.PUBLISHED:
        raise Http404
    count = services.useful_mark(
        solution=solution, user=request.user, useful=request.POST.get("useful") != "0"
    )
    marked = UsefulMark.objects.filter(solution=solution, user=request.user).exists()
    if request.htmx:
        return render(
            request,
            "kennisbank/detail.html#useful",
            {"solution": solution, "marked": marked, "useful_count": count},
        )
    return redirect("kennisbank:detail", pk=pk, slug=solution.slug)


def _write_networks(request: HttpRequest) -> list[Network]:
    if not request.user.is_authenticated:
        return []
    ids = network_ids_with(request.user, Role.COORDINATOR, Role.FACILITATOR, Role.KENNISEXPERT)
    return list(Network.objects.filter(pk__in=ids).order_by("name"))


@login_required
@require_http_methods(["GET", "POST"])
def write(request: HttpRequest) -> HttpResponse:
    networks = _write_networks(request)
    if not networks:
        raise PermissionDenied
    chosen = networks[0]
    if len(networks) > 1:
        wanted = request.POST.get("network") or request.GET.get("netwerk")
        chosen = next((n for n in networks if str(n.pk) == str(wanted)), networks[0])
    form = SolutionForm(
        request.POST or None,
        network=chosen,
        moderator=has_perm(request.user, Perm.KENNISBANK_MODERATE, chosen),
    )
    if request.method == "POST" and form.is_valid():
        try:
            solution = services.solution_create(
                network=chosen, user=request.user, **form.solution_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error, fields={"sector_ids": "sectors"})
        else:
            messages.success(request, _("Saved as a draft. A coordinator reviews it."))
            return redirect("kennisbank:detail", pk=solution.pk, slug=solution.slug)
    return render(
        request,
        "kennisbank/form.html",
        {"form": form, "networks": networks, "network": chosen, "solution": None},
        status=422 if request.method == "POST" else 200,
    )


def _writable(request: HttpRequest, pk: int) -> Solution:
    solution = get_object_or_404(Solution.objects.select_related("network"), pk=pk)
    if not selectors.can_write(request.user, solution):
        raise Http404
    return solution


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    solution = _writable(request, pk)
    moderator = has_perm(request.user, Perm.KENNISBANK_MODERATE, solution)
    published = solution.status == Solution.Status.PUBLISHED
    form = SolutionForm(
        request.POST or None,
        network=solution.network,
        moderator=moderator,
        published=published,
        initial=SolutionForm.initial_for(solution),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.solution_update(
                solution=solution,
                user=request.user,
                privacy_confirmed=form.cleaned_data.get("privacy_confirmed", False),
                **form.solution_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error, fields={"sector_ids": "sectors"})
        else:
            if published and saved.status == Solution.Status.REVIEW:
                messages.success(
                    request,
                    _(
                        "Saved and sent back to the coordinator for review. Until it is "
                        "published again, readers do not see it."
                    ),
                )
            else:
                messages.success(request, _("Saved."))
            return redirect("kennisbank:detail", pk=solution.pk, slug=solution.slug)
    context = {
        "form": form,
        "solution": solution,
        "network": solution.network,
        "back_to_review": published and not moderator,
    }
    return render(
        request,
        "kennisbank/form.html",
        context,
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def status(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    solution = _writable(request, pk)
    moderator = has_perm(request.user, Perm.KENNISBANK_MODERATE, solution)
    try:
        if action == "indienen":
            services.solution_submit(solution=solution, user=request.user)
            messages.success(request, _("Sent to the coordinator for review."))
        elif action == "publiceren" and moderator:
            form = PublishForm(request.POST)
            form.is_valid()
            services.solution_publish(
                solution=solution,
                user=request.user,
                privacy_confirmed=form.cleaned_data.get("privacy_confirmed", False),
            )
            messages.success(request, _("Published."))
        elif action == "archiveren" and moderator:
            services.solution_archive(solution=solution, user=request.user)
            messages.success(request, _("Archived: no longer found in the kennisbank."))
        elif action == "herzien" and moderator:
            services.solution_mark_reviewed(solution=solution, user=request.user)
            messages.success(request, _("Marked as reviewed today."))
        else:
            raise Http404
    except ValidationError as error:
        error_message(request, error)
    return redirect("kennisbank:detail", pk=solution.pk, slug=solution.slug)


@login_required
@require_GET
def moderation(request: HttpRequest) -> HttpResponse:
    if not network_ids_with(request.user, Role.COORDINATOR) and not request.user.is_superuser:
        raise PermissionDenied
    overview = selectors.moderation_overview(user=request.user)
    return render(request, "kennisbank/moderation.html", {"overview": overview})
