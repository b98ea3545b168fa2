from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praktijktafel.permissions import Perm, has_perm
from sectordata import selectors as sector_selectors
from sessions import pve, selectors, services
from sessions.forms import (
    AttendanceForm,
    HandoverForm,
    InviteForm,
    NewSessionForm,
    PhaseForm,
    PhaseMinutesForm,
    RsvpForm,
    SessionForm,
    TemplateForm,
)
from sessions.models import Invitation, Phase, Session, SessionChart
from sessions.selectors import home_overview
from sessions.tokens import TokenExpired, TokenInvalid, invitation_from_token


def _is_fragment(request: HttpRequest) -> bool:
    return bool(request.htmx and not request.htmx.boosted)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "home_public.html")
    overview = home_overview(user=request.user)
    return render(request, "sessions/home.html", {"overview": overview})


@login_required
@require_GET
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.network_get_for_user(user=request.user, slug=slug)
    board = selectors.network_dashboard(network=network)
    context = {
        "network": network,
        "board": board,
        "can_export": has_perm(request.user, Perm.QUARTERLY_EXPORT, network),
    }
    return render(request, "sessions/dashboard.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.network_get_for_user(user=request.user, slug=slug, perm=Perm.SESSION_CREATE)
    form = NewSessionForm(request.POST or None, network=network, initial={"slot_minutes": 90})
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(
                network=network, facilitator=request.user, **form.plan_fields()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Session planned with the default agenda."))
            return redirect("sessions:detail", pk=session.pk)
    return render(request, "sessions/session_new.html", {"network": network, "form": form})


def _planning_context(session: Session, form: SessionForm | None = None) -> dict:
    phases = list(session.phases.order_by("position"))
    results = pve.check(selectors.session_facts(session))
    total = sum(p.minutes for p in phases)
    return {
        "session": session,
        "phases": phases,
        "phase_total": total,
        "buffer": session.slot_minutes - total,
        "results": results,
        "warnings": pve.warnings(results),
        "phase_form": PhaseForm(prefix="new"),
        "form": form or SessionForm(instance=session, network=session.network),
        "editable": session.status in (Session.Status.CONCEPT, Session.Status.INVITED),
        "charts": list(session.charts.all()),
        "max_charts": SessionChart.MAX_PER_SESSION,
    }


@login_required
@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get_for_user(user=request.user, pk=pk)
    context = _planning_context(session)
    context["invitations"] = selectors.session_invitations(session=session)
    context["can_edit"] = request.user.is_authenticated and _can_edit(request, session)
    if context["can_edit"] and context["editable"]:
        context["chart_options"] = _chart_options(session)
    context["can_manage"] = has_perm(request.user, Perm.NETWORK_MANAGE, session.network)
    context["template_form"] = TemplateForm(initial={"name": session.title})
    context["handover_form"] = HandoverForm(
        candidates=selectors.network_facilitators(network_id=session.network_id).exclude(
            pk=session.facilitator_id
        )
    )
    return render(request, "sessions/session_detail.html", context)


def _chart_options(session: Session) -> list[tuple[str, list]]:
    """Charts this session's sector can show, grouped by table, minus those attached."""
    attached = set(session.charts.values_list("key", flat=True))
    groups: dict[str, list] = {}
    for option in sector_selectors.chart_options(session.sector):
        if option.key not in attached:
            groups.setdefault(option.table, []).append(option)
    return list(groups.items())


def _can_edit(request: HttpRequest, session: Session) -> bool:
    return has_perm(request.user, Perm.SESSION_EDIT, session)


def _editable_session(request: HttpRequest, pk: int) -> Session:
    return selectors.session_get_for_user(user=request.user, pk=pk, perm=Perm.SESSION_EDIT)


def _planning_response(request: HttpRequest, session: Session, form=None, status=200):
    if _is_fragment(request):
        context = _planning_context(session, form)
        context["chart_options"] = _chart_options(session)
        context["can_edit"] = True  # only reached through _editable_session
        context["fragment"] = True  # show messages inside the swapped part
        return render(request, "sessions/session_detail.html#planning", context, status=status)
    return redirect("sessions:detail", pk=session.pk)


@login_required
@require_POST
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _editable_session(request, pk)
    form = SessionForm(request.POST, instance=copy.copy(session), network=session.network)
    if form.is_valid():
        try:
            services.session_update(session=session, **form.plan_fields())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if session.invitations_sent_at:
                messages.success(request, _("Saved. Everyone invited gets the new details."))
            else:
                messages.success(request, _("Saved."))
            return redirect("sessions:detail", pk=session.pk)
    context = _planning_context(session, form)
    context["invitations"] = selectors.session_invitations(session=session)
    context["can_edit"] = True
    context["handover_form"] = HandoverForm(
        candidates=selectors.network_facilitators(network_id=session.network_id)
    )
    return render(request, "sessions/session_detail.html", context, status=422)


@login_required
@require_POST
def session_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The PvE panel for the values in the form, before they are saved (HTMX preview)."""
    session = _editable_session(request, pk)
    preview = copy.copy(session)
    form = SessionForm(request.POST, instance=preview, network=session.network)
    if form.is_valid():
        for name, value in form.plan_fields().items():
            setattr(preview, name, value)
    facts = selectors.session_facts(session)
    facts = pve.SessionFacts(
        **{
            **facts.__dict__,
            "starts_at": preview.starts_at,
            "ends_at": preview.ends_at,
            "capacity": preview.capacity,
            "quorum": preview.quorum,
            "has_location": bool(preview.venue_name and preview.address),
        }
    )
    return render(
        request,
        "sessions/session_detail.html#pve",
        {"results": pve.check(facts), "session": session},
    )


def _phase(request: HttpRequest, pk: int, phase_pk: int) -> tuple[Session, Phase]:
    session = _editable_session(request, pk)
    return session, get_object_or_404(Phase, pk=phase_pk, session=session)


@login_required
@require_POST
def phase_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = _editable_session(request, pk)
    form = PhaseForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            services.phase_add(session=session, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Give the new phase a title and a number of minutes."))
    return _planning_response(request, session)


@login_required
@require_POST
def phase_minutes(request: HttpRequest, pk: int, phase_pk: int) -> HttpResponse:
    session, phase = _phase(request, pk, phase_pk)
    form = PhaseMinutesForm(request.POST)
    if form.is_valid():
        try:
            services.phase_update(phase=phase, minutes=form.cleaned_data["minutes"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("A phase takes between 1 and 180 minutes."))
    return _planning_response(request, session)


@login_required
@require_POST
def phase_move(request: HttpRequest, pk: int, phase_pk: int, direction: str) -> HttpResponse:
    session, phase = _phase(request, pk, phase_pk)
    try:
        services.phase_move(phase=phase, offset=-1 if direction == "up" else 1)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _planning_response(request, session)


@login_required
@require_POST
def phase_delete(request: HttpRequest, pk: int, phase_pk: int) -> HttpResponse:
    session, phase = _phase(request, pk, phase_pk)
    try:
        services.phase_remove(phase=phase)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _planning_response(request, session)


@login_required
@require_POST
def chart_attach(request: HttpRequest, pk: int) -> HttpResponse:
    session = _editable_session(request, pk)
    key = request.POST.get("chart", "")
    if not key:
        messages.error(request, _("Choose a chart from the list."))
    else:
        try:
            services.session_chart_attach(session=session, key=key, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return _planning_response(request, session)


@login_required
@require_POST
def chart_detach(request: HttpRequest, pk: int, chart_pk: int) -> HttpResponse:
    session = _editable_session(request, pk)
    services.session_chart_detach(session=session, chart_pk=chart_pk)
    return _planning_response(request, session)


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    session = _editable_session(request, pk)
    candidates = selectors.network_people_to_invite(session=session)
    form = InviteForm(request.POST or None, candidates=candidates)
    results = pve.check(selectors.session_facts(session))
    if request.method == "POST" and form.is_valid():
        try:
            new_people = services.invitees_parse(form.cleaned_data["new_people"])
            created = services.invitations_send(
                session=session,
                people=form.cleaned_data["people"],
                new_people=new_people,
                warning_reason=form.cleaned_data["warning_reason"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                _add_errors(form, error)
            else:
                form.add_error("new_people" if form.cleaned_data["new_people"] else None, error)
        else:
            messages.success(
                request,
                _("%(n)d invitations sent. People who were already invited got no second one.")
                % {"n": len(created)},
            )
            return redirect("sessions:detail", pk=session.pk)
    return render(
        request,
        "sessions/invite.html",
        {"session": session, "form": form, "warnings": pve.warnings(results)},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def template_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Coordinators keep a session's agenda as their network's own template."""
    session = selectors.session_get_for_user(user=request.user, pk=pk)
    if not has_perm(request.user, Perm.NETWORK_MANAGE, session.network):
        raise Http404
    form = TemplateForm(request.POST)
    if form.is_valid():
        template = services.agenda_template_save(session=session, name=form.cleaned_data["name"])
        messages.success(
            request, _("Agenda kept as template “%(name)s”.") % {"name": template.name}
        )
    else:
        messages.error(request, _("Give the template a name."))
    return redirect("sessions:detail", pk=session.pk)


@login_required
@require_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = _editable_session(request, pk)
    try:
        services.session_cancel(session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The session is cancelled; everyone invited has been told."))
    return redirect("sessions:detail", pk=session.pk)


@login_required
@require_POST
def session_handover(request: HttpRequest, pk: int) -> HttpResponse:
    session = _editable_session(request, pk)
    form = HandoverForm(
        request.POST, candidates=selectors.network_facilitators(network_id=session.network_id)
    )
    if form.is_valid():
        try:
            services.session_handover(session=session, to=form.cleaned_data["facilitator"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Handed over to %(name)s.") % {"name": form.cleaned_data["facilitator"]},
            )
    else:
        messages.error(request, _("Choose a facilitator of this network."))
    return redirect("sessions:detail", pk=session.pk)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = _editable_session(request, pk)
    invitations = [
        i
        for i in selectors.session_invitations(session=session)
        if i.status == Invitation.Status.CONFIRMED
    ]
    form = AttendanceForm(request.POST or None, invitations=invitations)
    if request.method == "POST" and form.is_valid():
        services.attendance_record(session=session, marks=form.marks())
        messages.success(request, _("Attendance saved."))
        return redirect("sessions:detail", pk=session.pk)
    return render(request, "sessions/attendance.html", {"session": session, "form": form})


@require_http_methods(["GET", "POST"])
def rsvp(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link from the invitation: no login, no password."""
    try:
        invitation = invitation_from_token(token)
    except TokenExpired:
        return render(request, "sessions/rsvp_invalid.html", {"expired": True}, status=410)
    except TokenInvalid:
        return render(request, "sessions/rsvp_invalid.html", {"expired": False}, status=404)
    session = invitation.session
    initial = {
        "attend": {"confirmed": "yes", "waitlisted": "yes", "declined": "no"}.get(
            invitation.status
        ),
        "brings_case": invitation.brings_case,
        "case_summary": invitation.case_summary,
    }
    form = RsvpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                invitation = services.rsvp_respond(
                    invitation=invitation,
                    attend=form.cleaned_data["attend"] == "yes",
                    brings_case=form.cleaned_data["brings_case"],
                    case_summary=form.cleaned_data["case_summary"],
                    consents=form.consents(),
                )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("sessions:rsvp", token=token)
    response = render(
        request,
        "sessions/rsvp.html",
        {"invitation": invitation, "session": session, "form": form},
        status=422 if form.errors else 200,
    )
    # same-origin, not no-referrer: the token never leaves the site, and the form POST
    # keeps a real Origin header for the CSRF check.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_GET
def series_detail(request: HttpRequest, pk: int) -> HttpResponse:
    series = selectors.series_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "sessions/series_detail.html",
        {
            "series": series,
            "sessions": selectors.series_sessions(series=series),
            "group": selectors.series_group(series=series),
            "actions": selectors.series_actions(series_id=series.pk),
        },
    )
