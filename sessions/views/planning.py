"""Planning a session: a new session, its page, its edits, the PvE preview, the agenda kept as a
template, and the attendance list."""

from __future__ import annotations

import copy
from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praktijktafel.forms import add_service_errors
from praktijktafel.htmx import is_fragment
from praktijktafel.permissions import Perm, has_perm
from sectordata import selectors as sector_selectors
from sessions import pve
from sessions.agenda import DEFAULT_PHASES, DEFAULT_SLOT_MINUTES
from sessions.forms import (
    AttendanceForm,
    HandoverForm,
    NewSessionForm,
    PhaseForm,
    SessionForm,
    TemplateForm,
)
from sessions.models import Invitation, Session, SessionChart
from sessions.selectors.sessions import (
    network_facilitators,
    network_get_for_user,
    network_session_leads,
    session_facts,
    session_get_for_user,
    session_invitations,
    told_of_changes,
)
from sessions.services import sessions as session_services
from sessions.services.agenda import agenda_template_save, phase_fields


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest, slug: str) -> HttpResponse:
    """The new-session form. An HTMX post while typing gets the PvE panel for what is filled
    in so far, saving nothing; the real submit plans the session."""
    network = network_get_for_user(user=request.user, slug=slug, perm=Perm.SESSION_CREATE)
    form = NewSessionForm(
        request.POST or None,
        network=network,
        user=request.user,
        candidates=network_session_leads(network_id=network.pk, user=request.user),
        initial={"slot_minutes": 90},
    )
    if request.method == "POST" and is_fragment(request):
        return render(
            request, "sessions/session_new.html#pve", {"results": _new_session_check(form)}
        )
    if request.method == "POST" and form.is_valid():
        try:
            session = session_services.session_create(
                network=network, planned_by=request.user, **form.plan_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Session planned with the default agenda."))
            return redirect("sessions:detail", pk=session.pk)
    context = {"network": network, "form": form, "results": _new_session_check(form)}
    return render(request, "sessions/session_new.html", context)


def _new_session_check(form: NewSessionForm) -> list[pve.RuleResult]:
    """The PvE rules for a session not saved yet: what the form holds so far, with the agenda
    it would get. A field not (validly) filled in yet counts as its default."""
    data: dict = {}
    if form.is_bound:
        form.is_valid()  # fills cleaned_data with the fields that are valid so far
        data = form.cleaned_data
    template = data.get("template")
    specs = template.phases if template else [phase_fields(p) for p in DEFAULT_PHASES]
    starts_at = data.get("starts_at")
    slot = data.get("slot_minutes") or DEFAULT_SLOT_MINUTES
    if starts_at is None:
        day = timezone.localdate() + timedelta(days=14)
        starts_at = timezone.make_aware(datetime.combine(day, time(0, 0)))
        timed = False
    else:
        timed = True
    facts = pve.new_session_facts(
        starts_at=starts_at,
        slot_minutes=slot,
        phases=[
            pve.PhaseMinutes(
                spec["minutes"],
                spec.get("is_landing", False),
                spec.get("is_own_input", False),
                spec.get("is_knowledge_input", False),
            )
            for spec in specs
        ],
        capacity=data.get("capacity"),
        quorum=data.get("quorum"),
        sector_id=data["sector"].pk if data.get("sector") else 0,
        has_location=bool(
            (data.get("venue_name") or "").strip() and (data.get("address") or "").strip()
        ),
    )
    results = pve.check(facts)
    if not timed:
        results = [r for r in results if r.rule != "edges"]
    return results


def _planning_context(session: Session, form: SessionForm | None = None) -> dict:
    phases = list(session.phases.order_by("position"))
    results = pve.check(session_facts(session))
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
        "editable": session.is_planned,
        "charts": list(session.charts.all()),
        "max_charts": SessionChart.MAX_PER_SESSION,
    }


@login_required
@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_user(user=request.user, pk=pk)
    context = _planning_context(session)
    context["invitations"] = session_invitations(session=session)
    context["can_edit"] = request.user.is_authenticated and _can_edit(request, session)
    if context["can_edit"] and context["editable"]:
        context["chart_options"] = _chart_options(session)
    context["can_manage"] = has_perm(request.user, Perm.NETWORK_MANAGE, session.network)
    context["can_see_network"] = has_perm(request.user, Perm.NETWORK_VIEW, session.network)
    context["template_form"] = TemplateForm(initial={"name": session.title})
    context["handover_form"] = HandoverForm(
        candidates=network_facilitators(network_id=session.network_id).exclude(
            pk=session.facilitator_id
        )
    )
    return render(request, "sessions/session_detail.html", context)


def _chart_options(session: Session) -> list[tuple[str, list]]:
    """Charts this session's sector can show (only combinations with figures), grouped by
    table and indicator, minus those attached."""
    attached = set(session.charts.values_list("key", flat=True))
    groups: dict[str, list] = {}
    for option in sector_selectors.chart_options(session.sector):
        if option.key not in attached:
            group = f"{option.table}: {option.indicator}" if option.indicator else option.table
            groups.setdefault(group, []).append(option)
    return list(groups.items())


def _can_edit(request: HttpRequest, session: Session) -> bool:
    return has_perm(request.user, Perm.SESSION_EDIT, session)


def editable_session(request: HttpRequest, pk: int) -> Session:
    return session_get_for_user(user=request.user, pk=pk, perm=Perm.SESSION_EDIT)


def planning_response(request: HttpRequest, session: Session, form=None, status=200):
    if is_fragment(request):
        context = _planning_context(session, form)
        context["chart_options"] = _chart_options(session)
        context["can_edit"] = True  # only reached through editable_session
        context["fragment"] = True  # show messages inside the swapped part
        return render(request, "sessions/session_detail.html#planning", context, status=status)
    return redirect("sessions:detail", pk=session.pk)


@login_required
@require_POST
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = editable_session(request, pk)
    form = SessionForm(request.POST, instance=copy.copy(session), network=session.network)
    if form.is_valid():
        told = _told_of_move(session, form.plan_fields())
        if told and request.POST.get("confirm") != "1":
            return render(request, "confirm.html", {"confirm": _move_question(request, told)})
        try:
            session_services.session_update(session=session, **form.plan_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if session.invitations_sent_at:
                messages.success(request, _("Saved. Everyone invited gets the new details."))
            else:
                messages.success(request, _("Saved."))
            return redirect("sessions:detail", pk=session.pk)
    context = _planning_context(session, form)
    context["invitations"] = session_invitations(session=session)
    context["can_edit"] = True
    context["handover_form"] = HandoverForm(
        candidates=network_facilitators(network_id=session.network_id)
    )
    return render(request, "sessions/session_detail.html", context, status=422)


def _told_of_move(session: Session, fields: dict) -> int:
    """How many people a save mails: everyone invited (not declined) when the time or place
    changes after the invitations went out; else nobody."""
    moved = any(
        name in fields and fields[name] != getattr(session, name)
        for name in session_services.CALENDAR_FIELDS
    )
    return told_of_changes(session).count() if moved else 0


def _move_question(request: HttpRequest, told: int) -> dict:
    session_pk = request.resolver_match.kwargs["pk"]  # type: ignore[union-attr]
    return {
        "heading": _("Save the new time or place"),
        "question": ngettext(
            "Save and tell %(n)d invited person?",
            "Save and tell %(n)d invited people?",
            told,
        )
        % {"n": told},
        "points": [
            _("Each gets an email with the new details and an updated calendar event."),
            _("An email cannot be taken back."),
        ],
        "warnings": [],
        "action": reverse("sessions:edit", args=[session_pk]),
        # What was filled in goes along unchanged: the confirmation saves exactly that.
        "hidden": [
            (name, value)
            for name, values in request.POST.lists()
            if name not in ("csrfmiddlewaretoken", "confirm")
            for value in values
        ],
        "button": _("Yes, save and send"),
        "button_class": "button",
        "back_url": reverse("sessions:detail", args=[session_pk]),
        "back_label": _("Back to the session without saving"),
    }


@login_required
@require_POST
def session_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The PvE panel for the values in the form, before they are saved (HTMX preview)."""
    session = editable_session(request, pk)
    preview = copy.copy(session)
    # The form gets its own copy: a ModelForm writes typed values onto its instance even when
    # they are invalid (a slot of 10^20 minutes), and the preview must use only valid ones.
    form = SessionForm(request.POST, instance=copy.copy(session), network=session.network)
    if form.is_valid():
        for name, value in form.plan_fields().items():
            setattr(preview, name, value)
    facts = session_facts(session)
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


@login_required
@require_POST
def template_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Coordinators keep a session's agenda as their network's own template."""
    session = session_get_for_user(user=request.user, pk=pk)
    if not has_perm(request.user, Perm.NETWORK_MANAGE, session.network):
        raise Http404
    form = TemplateForm(request.POST)
    if form.is_valid():
        template = agenda_template_save(session=session, name=form.cleaned_data["name"])
        messages.success(
            request, _("Agenda kept as template “%(name)s”.") % {"name": template.name}
        )
    else:
        messages.error(request, _("Give the template a name."))
    return redirect("sessions:detail", pk=session.pk)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = editable_session(request, pk)
    invitations = [
        i for i in session_invitations(session=session) if i.status == Invitation.Status.CONFIRMED
    ]
    form = AttendanceForm(request.POST or None, invitations=invitations)
    if request.method == "POST" and form.is_valid():
        session_services.attendance_record(session=session, marks=form.marks())
        messages.success(request, _("Attendance saved."))
        return redirect("sessions:detail", pk=session.pk)
    return render(request, "sessions/attendance.html", {"session": session, "form": form})
