"""The facilitator's live console: start, the timer, captures, questions, finish."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from praktijktafel.forms import add_service_errors
from praktijktafel.htmx import error_message, is_fragment, messages_on_error
from praktijktafel.models import User
from praktijktafel.numbers import int_or_none
from praktijktafel.permissions import Perm
from praktijktafel.themes import Theme
from sessions.live.forms import CaptureForm, CaseStepForm, NoteForm
from sessions.live.selectors.console import (
    consenting_participants,
    console_finish_facts,
    console_lists,
    console_state,
    previous_session,
    question_candidates,
    question_shuffle,
    start_undoable,
)
from sessions.live.selectors.poll import live_poll, poll_unchanged
from sessions.live.services import captures as capture_services
from sessions.live.services import run as live_services
from sessions.live.services.run import live_chart_show
from sessions.live.tab import shown_in
from sessions.live.views.names import TEMPLATE_NAMES
from sessions.models import Capture, Knelpunt, LiveState, Phase, Question, Session, item_model
from sessions.selectors.sessions import SESSION_RELATED, session_get_for_user


def _session(request: HttpRequest, pk: int) -> Session:
    return session_get_for_user(user=request.user, pk=pk, perm=Perm.SESSION_EDIT)


# What each named fragment of console.html reads: nothing more is built for it.
STATE, LISTS, PENDING, FINISH = "state", "lists", "pending", "finish"


def _console_context(session: Session, part: str | None = None, **extra) -> dict:
    """The context of the whole console (`part` None) or of one fragment."""
    # A question waiting on one item (delete it? release it?), else none: always named, so the
    # rows cached by what they are drawn from never look up a missing variable.
    no_question = {"confirm_kind": None, "confirm_pk": None, "confirm_release": None}
    context: dict = {**TEMPLATE_NAMES, **no_question, **extra, "session": session}
    if part in (None, STATE):
        state = console_state(session=session)
        context["s"] = state
        context["case_steps"] = LiveState.CaseStep.choices
        if "note_form" not in context:  # else the one the facilitator typed, with its error
            context["note_form"] = NoteForm(initial={"text": state.live.knowledge_note})
    if part in (None, LISTS, PENDING):
        context["l"] = console_lists(session=session, tab=context.get("shown_in_tab"))
        context["shown_in_tab"] = context["l"].tab
    if part is None:
        context.update(
            start_undoable=start_undoable(session=session, lists=context["l"]),
            capture_kinds=CaptureForm.base_fields["kind"].choices,  # type: ignore[attr-defined]
            contact_people=consenting_participants(session=session),
            new_id=uuid.uuid4,
            themes=Theme.choices,
        )
    return context


def _respond(request: HttpRequest, session: Session, part: str = STATE, **extra) -> HttpResponse:
    if is_fragment(request):
        # The lists carry the held items along (out of band): an edit or a capture with a
        # privacy warning moves an item between the two. A fragment shows its own messages:
        # no page is loaded after it that would.
        try:
            context = _console_context(
                session, part, pending_oob=part == LISTS, fragment=True, **extra
            )
        except LiveState.DoesNotExist:  # not started: the start page says why, with the message
            return HttpResponse(
                status=204, headers={"HX-Redirect": reverse("sessions:live", args=[session.pk])}
            )
        return render(request, f"sessions/live/console.html#{part}", context)
    if extra and LiveState.objects.filter(session=session).exists():  # a question, no JS
        return render(request, "sessions/live/console.html", _console_context(session, **extra))
    return redirect("sessions:live", pk=session.pk)


@login_required
@require_GET
def console(request: HttpRequest, pk: int) -> HttpResponse:
    part = request.GET.get("part")
    if part in ("sync", "lists_sync", LISTS) and is_fragment(request):
        # Asked every few seconds by every console tab (and the lists after each capture):
        # one query checks access, that the session runs and, for a poll, whether it changed.
        poll = live_poll(user=request.user, pk=pk, perm=Perm.SESSION_EDIT)
        if poll is not None:
            if poll.finished:  # another tab finished it: the summary is where this one goes
                return _to_summary(pk)
            if part == LISTS:
                context = _console_context(
                    poll.session(), LISTS, pending_oob=True, shown_in_tab=shown_in(request)
                )
                return render(request, "sessions/live/console.html#lists", context)
            if poll_unchanged(poll, part, request.GET):
                return HttpResponse(status=204)
            # The lists read no more of the session than the poll did; the state does.
            session = poll.session() if part == "lists_sync" else Session.objects.get(pk=pk)
            return _changed(request, session, part)
    # The checks every few seconds read the session row alone: joining its related rows
    # costs more to plan than the fragments, which do not show them, would ever save.
    polled = part is not None and is_fragment(request)
    session = session_get_for_user(
        user=request.user, pk=pk, perm=Perm.SESSION_EDIT, related=() if polled else SESSION_RELATED
    )
    if not LiveState.objects.filter(session=session).exists():
        return render(request, "sessions/live/start.html", {"session": session})
    if session.status == Session.Status.DONE:
        if is_fragment(request):
            # A tab's poll after another tab finished: the tab goes to the summary, instead of
            # getting the summary page pasted into one of its columns.
            return _to_summary(session.pk)
        return redirect("sessions:summary", pk=session.pk)
    if part in ("sync", "lists_sync") and is_fragment(request):
        return _changed(request, session, part)
    if part in (STATE, LISTS, PENDING, FINISH) and is_fragment(request):
        context = _console_context(
            session, part, pending_oob=part == LISTS, shown_in_tab=shown_in(request)
        )
        return render(request, f"sessions/live/console.html#{part}", context)
    return render(request, "sessions/live/console.html", _console_context(session))


def _changed(request: HttpRequest, session: Session, part: str) -> HttpResponse:
    """Something changed: the fresh fragment in place of the tab's own. Where it goes is the
    polling element's own hx-target, fixed when it asked: when another answer replaced that
    region in the meantime, htmx drops this one quietly (an HX-Retarget looked up from the
    detached element threw "Invalid re-target" in the tab)."""
    fragment = STATE if part == "sync" else LISTS
    context = _console_context(
        session,
        fragment,
        pending_oob=fragment == LISTS,
        fragment=True,
        shown_in_tab=shown_in(request),
    )
    return render(request, f"sessions/live/console.html#{fragment}", context)


def _to_summary(pk: int) -> HttpResponse:
    response = HttpResponse(status=204)
    response["HX-Redirect"] = reverse("sessions:summary", args=[pk])
    return response


TIMER_ACTIONS = {
    "next": live_services.live_next,
    "previous": live_services.live_previous,
    "pause": live_services.live_pause_toggle,
}


@login_required
@require_POST
def timer_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    session = _session(request, pk)
    # The state the tab drew its buttons on: a tab that missed another tab's change is
    # refused and gets the server's state back, instead of moving relative to it.
    expected = request.POST.get("state", "")
    with messages_on_error(request):
        if action == "extend":
            live_services.live_extend(session=session, expected=expected)
        elif action == "goto":
            phase = get_object_or_404(
                Phase, pk=int_or_none(request.POST.get("phase")), session=session
            )
            live_services.live_goto(session=session, phase=phase, expected=expected)
        elif action in TIMER_ACTIONS:
            TIMER_ACTIONS[action](session=session, expected=expected)
        else:
            raise Http404
    return _respond(request, session)


def _capture_response(request: HttpRequest, session: Session, created: bool, error=None):
    """JSON for the offline queue (it retries until it gets an answer), a fragment for HTMX,
    a redirect for a plain form."""
    if request.headers.get("Accept") == "application/json":
        if error is not None:
            return JsonResponse({"ok": False, "errors": error.messages}, status=422)
        return JsonResponse({"ok": True, "created": created}, status=201 if created else 200)
    if error is not None:
        error_message(request, error)
    return _respond(request, session)


@login_required
@require_POST
def capture_add(request: HttpRequest, pk: int) -> HttpResponse:
    # The busiest write: access checked by the polls' one query, which also reads all of the
    # session a capture needs; before the start, the full check (the capture is refused).
    poll = live_poll(user=request.user, pk=pk, perm=Perm.SESSION_EDIT)
    session = (
        poll.session()
        if poll is not None
        else session_get_for_user(user=request.user, pk=pk, perm=Perm.SESSION_EDIT, related=())
    )
    form = CaptureForm(request.POST)
    if not form.is_valid():
        return _capture_response(request, session, False, ValidationError(_flatten(form)))
    data = dict(form.cleaned_data)
    person_id = data.pop("person")
    person = None
    if person_id:
        person = User.objects.filter(pk=person_id, invitations__session=session).first()
        if person is None:
            refused = ValidationError(_("That person is not invited to this session."))
            return _capture_response(request, session, False, refused)
    try:
        _item, created = capture_services.item_add(session=session, person=person, **data)
    except ValidationError as error:
        return _capture_response(request, session, False, error)
    return _capture_response(request, session, created)


def _flatten(form) -> list[str]:
    return [str(message) for errors in form.errors.values() for message in errors]


def _item(session: Session, kind: str, item_pk: int) -> Knelpunt | Capture:
    return get_object_or_404(item_model(kind), pk=item_pk, session=session)


@login_required
@require_POST
def item_action(request: HttpRequest, pk: int, kind: str, item_pk: int, action: str):
    session = _session(request, pk)
    item = _item(session, kind, item_pk)
    if action == "approve":
        # Releasing an item with a privacy warning: the first press only asks, and says where
        # it goes; only the confirmation releases it.
        with messages_on_error(request):  # e.g. another tab finished the session meanwhile
            try:
                confirmed = request.POST.get("confirm") == "yes"
                capture_services.item_approve(item=item, confirmed=confirmed)
            except capture_services.ReleaseNotConfirmed:
                return _respond(request, session, LISTS, confirm_release=f"{kind}-{item.pk}")
        return _respond(request, session, LISTS)
    if action == "delete" and request.POST.get("confirm") != "yes":
        # ✕ asks once: a captured item is gone for good once deleted.
        return _respond(request, session, LISTS, confirm_kind=kind, confirm_pk=item.pk)
    with messages_on_error(request):
        if action == "delete":
            capture_services.item_delete(item=item)
        elif action in ("up", "down") and isinstance(item, Knelpunt):
            delta = 1 if action == "up" else -1
            capture_services.knelpunt_update(knelpunt=item, recognition=item.recognition + delta)
        elif action == "edit":
            capture_services.item_text_update(item=item, text=request.POST.get("text", ""))
        else:
            raise Http404
    return _respond(request, session, LISTS)


@login_required
@require_POST
def question_pick(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    kind = request.POST.get("kind", Question.Kind.START)
    if kind not in Question.Kind.values:
        question = None  # an unknown kind has no questions (and never reaches the database)
    elif request.POST.get("shuffle"):
        question = question_shuffle(session=session, kind=kind, theme=session.theme)
    else:
        question = (
            question_candidates(session=session, kind=kind, avoid_used=False)
            .filter(pk=int_or_none(request.POST.get("question")) or 0)
            .first()
        )
    if question is None:
        messages.error(request, _("No question found: choose one from the list."))
    else:
        with messages_on_error(request):
            live_services.live_question(session=session, question=question)
    return _respond(request, session)


@login_required
@require_POST
def note(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            live_services.live_note(session=session, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:  # refused: the note as typed, with what to change
        return _respond(request, session, note_form=form)
    return _respond(request, session)


@login_required
@require_POST
def chart_show(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    index = int_or_none(request.POST.get("index"))
    with messages_on_error(request):
        if index is None:
            raise ValidationError(_("Choose a chart to show."))
        live_chart_show(session=session, index=index)
    return _respond(request, session)


@login_required
@require_POST
def case_step(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = CaseStepForm(request.POST)
    with messages_on_error(request):
        if not form.is_valid():
            raise ValidationError(_flatten(form))
        live_services.live_case_step(
            session=session, step=form.cleaned_data["step"], expected=request.POST.get("state", "")
        )
    return _respond(request, session)


@login_required
@require_POST
def phones(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    with messages_on_error(request):
        live_services.phones_toggle(session=session, enabled=request.POST.get("enabled") == "1")
    return _respond(request, session)


@login_required
@require_POST
def followup(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    session = _session(request, pk)
    previous = previous_session(session)
    action = get_object_or_404(
        Capture, pk=action_pk, session=previous, kind=Capture.Kind.GROUP_ACTION
    )
    with messages_on_error(request):
        capture_services.followup_mark(
            action=action, session=session, status=request.POST.get("status")
        )
    return _respond(request, session)


@login_required
@require_POST
def finish(request: HttpRequest, pk: int) -> HttpResponse:
    """Afronden in two steps: the first press shows what will happen (who gets the summary,
    and when), only the confirmation finishes. Enter on a focused button cannot end it."""
    session = _session(request, pk)
    if request.POST.get("confirm") != "yes":
        facts = console_finish_facts(session=session, delay_minutes=live_services.REOPEN_MINUTES)
        if is_fragment(request):
            context = _console_context(session, FINISH, confirming=True, finish=facts)
            return render(request, "sessions/live/console.html#finish", context)
        context = _console_context(session, confirming=True, finish=facts)
        return render(request, "sessions/live/console.html", context)
    with messages_on_error(request) as attempt:
        live_services.live_finish(session=session)
    if not attempt.ok:
        return redirect("sessions:live", pk=session.pk)
    messages.success(
        request,
        _(
            "Session finished. The summary goes to everyone who came in %(minutes)d minutes; "
            "until then you can reopen the session here."
        )
        % {"minutes": live_services.REOPEN_MINUTES},
    )
    return redirect("sessions:summary", pk=session.pk)


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    with messages_on_error(request) as attempt:
        live_services.live_reopen(session=session)
    if not attempt.ok:
        return redirect("sessions:summary", pk=session.pk)
    messages.success(request, _("Session reopened: no summary goes out until you finish again."))
    return redirect("sessions:live", pk=session.pk)
