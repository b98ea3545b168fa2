"""The live console, the projector, phones, and what comes after the session."""

from __future__ import annotations

import functools
import uuid

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praktijktafel.models import User
from praktijktafel.numbers import int_or_none
from praktijktafel.permissions import Perm, has_perm
from praktijktafel.themes import Theme
from sessions import selectors, services
from sessions.forms_live import (
    CaptureForm,
    CaseStepForm,
    EvaluationForm,
    NoteForm,
    PhoneForm,
)
from sessions.models import Capture, Knelpunt, LiveState, Phase, Question, Session

# A room shares one public IP on venue wifi, so the limit is per device (a random id in a
# signed cookie), with a much larger cap per IP for someone who throws their cookies away.
PHONE_RATE_DEVICE = 20  # items per device per 10 minutes
PHONE_RATE_IP = 300  # items per IP address per 10 minutes
PHONE_RATE_WINDOW = 600
PHONE_DEVICE_COOKIE = "pt_device"


def _fragment(request: HttpRequest) -> bool:
    return bool(request.htmx and not request.htmx.boosted)


def _session(request: HttpRequest, pk: int) -> Session:
    return selectors.session_get_for_user(user=request.user, pk=pk, perm=Perm.SESSION_EDIT)


def _console_context(session: Session) -> dict:
    data = selectors.console(session=session)
    theme = session.theme
    return {
        "session": session,
        "c": data,
        "capture_kinds": CaptureForm.base_fields["kind"].choices,
        "contact_people": selectors.consenting_participants(session=session),
        "starter_questions": selectors.question_candidates(
            session=session, kind=Question.Kind.START, theme=theme
        ),
        "action_questions": selectors.question_candidates(
            session=session, kind=Question.Kind.ACTION, theme=theme
        ),
        "case_steps": LiveState.CaseStep.choices,
        "note_form": NoteForm(initial={"text": data.live.knowledge_note}),
        "new_id": uuid.uuid4,
        "themes": Theme.choices,
    }


def _respond(request: HttpRequest, session: Session, part: str = "state") -> HttpResponse:
    if _fragment(request):
        return render(request, f"sessions/live/console.html#{part}", _console_context(session))
    return redirect("sessions:live", pk=session.pk)


@login_required
@require_GET
def console(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    if not LiveState.objects.filter(session=session).exists():
        return render(request, "sessions/live/start.html", {"session": session})
    if session.status == Session.Status.DONE:
        return redirect("sessions:summary", pk=session.pk)
    part = request.GET.get("part")
    if part in {"state", "lists", "pending"} and _fragment(request):
        return render(request, f"sessions/live/console.html#{part}", _console_context(session))
    return render(request, "sessions/live/console.html", _console_context(session))


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    try:
        services.live_start(session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("sessions:detail", pk=session.pk)
    return redirect("sessions:live", pk=session.pk)


TIMER_ACTIONS = {
    "next": services.live_next,
    "previous": services.live_previous,
    "pause": services.live_pause_toggle,
}


@login_required
@require_POST
def timer_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    session = _session(request, pk)
    try:
        if action == "extend":
            services.live_extend(session=session)
        elif action == "goto":
            phase = get_object_or_404(
                Phase, pk=int_or_none(request.POST.get("phase")), session=session
            )
            services.live_goto(session=session, phase=phase)
        elif action in TIMER_ACTIONS:
            TIMER_ACTIONS[action](session=session)
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _respond(request, session)


def _capture_response(request: HttpRequest, session: Session, created: bool, error=None):
    """JSON for the offline queue (it retries until it gets an answer), a fragment for HTMX,
    a redirect for a plain form."""
    if request.headers.get("Accept") == "application/json":
        if error is not None:
            return JsonResponse({"ok": False, "errors": error.messages}, status=422)
        return JsonResponse({"ok": True, "created": created}, status=201 if created else 200)
    if error is not None:
        messages.error(request, " ".join(error.messages))
    return _respond(request, session)


@login_required
@require_POST
def capture_add(request: HttpRequest, pk: int) -> HttpResponse:
    # The busiest write: the session without its related rows (see session_get_for_user).
    session = selectors.session_get_for_user(
        user=request.user, pk=pk, perm=Perm.SESSION_EDIT, related=()
    )
    form = CaptureForm(request.POST)
    if not form.is_valid():
        return _capture_response(request, session, False, ValidationError(_flatten(form)))
    data = dict(form.cleaned_data)
    if data["kind"] == "knelpunt":
        try:
            _item, created = services.knelpunt_add(
                session=session,
                client_id=data["client_id"],
                text=data["text"],
                theme=data["theme"],
            )
        except ValidationError as error:
            return _capture_response(request, session, False, error)
        return _capture_response(request, session, created)
    person_id = data.pop("person")
    person = None
    if person_id:
        person = User.objects.filter(pk=person_id, invitations__session=session).first()
    try:
        _item, created = services.capture_add(session=session, person=person, **data)
    except ValidationError as error:
        return _capture_response(request, session, False, error)
    return _capture_response(request, session, created)


def _flatten(form) -> list[str]:
    return [str(message) for errors in form.errors.values() for message in errors]


def _item(session: Session, kind: str, item_pk: int) -> Knelpunt | Capture:
    model = Knelpunt if kind == "knelpunt" else Capture
    return get_object_or_404(model, pk=item_pk, session=session)


@login_required
@require_POST
def item_action(request: HttpRequest, pk: int, kind: str, item_pk: int, action: str):
    session = _session(request, pk)
    item = _item(session, kind, item_pk)
    try:
        if action == "delete":
            services.item_delete(item=item)
        elif action == "approve":
            services.item_approve(item=item)
        elif action in ("up", "down") and isinstance(item, Knelpunt):
            delta = 1 if action == "up" else -1
            services.knelpunt_update(knelpunt=item, recognition=item.recognition + delta)
        elif action == "edit":
            text = request.POST.get("text", "")
            if isinstance(item, Knelpunt):
                services.knelpunt_update(knelpunt=item, text=text)
            else:
                services.capture_update(capture=item, text=text)
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _respond(request, session, "lists")


@login_required
@require_POST
def question_pick(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    kind = request.POST.get("kind", Question.Kind.START)
    if request.POST.get("shuffle"):
        question = selectors.question_shuffle(session=session, kind=kind, theme=session.theme)
    else:
        question = (
            selectors.question_candidates(session=session, kind=kind, avoid_used=False)
            .filter(pk=int_or_none(request.POST.get("question")) or 0)
            .first()
        )
    if question is None:
        messages.error(request, _("No question found: choose one from the list."))
    else:
        services.live_question(session=session, question=question)
    return _respond(request, session)


@login_required
@require_POST
def note(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.live_note(session=session, text=form.cleaned_data["text"])
    return _respond(request, session)


@login_required
@require_POST
def chart_show(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    index = int_or_none(request.POST.get("index")) or 0
    try:
        services.live_chart_show(session=session, index=index)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _respond(request, session)


@login_required
@require_POST
def case_step(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = CaseStepForm(request.POST)
    if form.is_valid():
        services.live_case_step(session=session, step=form.cleaned_data["step"])
    return _respond(request, session)


@login_required
@require_POST
def phones(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    services.phones_toggle(session=session, enabled=request.POST.get("enabled") == "1")
    return _respond(request, session)


@login_required
@require_POST
def followup(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    session = _session(request, pk)
    previous = selectors.previous_session(session)
    action = get_object_or_404(Capture, pk=action_pk, session=previous, kind=Capture.Kind.INSIGHT)
    try:
        services.followup_mark(action=action, session=session, status=request.POST.get("status"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _respond(request, session)


@login_required
@require_POST
def finish(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    try:
        services.live_finish(session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("sessions:live", pk=session.pk)
    messages.success(request, _("Session finished. The summary goes to everyone who came."))
    return redirect("sessions:summary", pk=session.pk)


# --- Projector ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _qr_svg(url: str) -> str:
    """The join code never changes while a session runs: make its QR code once, not on every
    projector refresh (it took half of the refresh's time)."""
    return segno.make(url, error="m").svg_inline(scale=6, dark="#14212e", light="#ffffff")


@login_required
@require_GET
def projector(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get_for_user(user=request.user, pk=pk, related=())
    try:
        view = selectors.projector(session=session)
    except LiveState.DoesNotExist:
        raise Http404 from None
    if _fragment(request):
        # Nothing changed since the version the projector shows: no swap (204).
        if request.GET.get("v") == str(view.version):
            response = HttpResponse(status=204)
            response.headers["X-Live-Version"] = str(view.version)
            return response
        response = render(
            request,
            "sessions/live/projector.html#screen",
            {"p": view, "session": session, "qr": _phone_qr(request, view)},
        )
        response.headers["X-Live-Version"] = str(view.version)
        return response
    return render(
        request,
        "sessions/live/projector.html",
        {"p": view, "session": session, "qr": _phone_qr(request, view)},
    )


def _phone_qr(request: HttpRequest, view) -> str:
    if not view.phones_enabled:
        return ""
    return _qr_svg(request.build_absolute_uri(reverse("sessions:phone", args=[view.phone_code])))


# --- Phones -------------------------------------------------------------------------------


def _hit(key: str, limit: int) -> bool:
    """Count one hit; True when the limit is already reached."""
    count = cache.get_or_set(key, 0, PHONE_RATE_WINDOW)
    if count >= limit:
        return True
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, PHONE_RATE_WINDOW)
    return False


def _device_id(request: HttpRequest) -> str:
    device = request.get_signed_cookie(PHONE_DEVICE_COOKIE, default="", salt="phone")
    return device or uuid.uuid4().hex


def _rate_limited(request: HttpRequest, code: str, device: str) -> bool:
    ip = request.META.get("REMOTE_ADDR", "")
    return _hit(f"phone-rate:{code}:dev:{device}", PHONE_RATE_DEVICE) or _hit(
        f"phone-rate:{code}:ip:{ip}", PHONE_RATE_IP
    )


@require_http_methods(["GET", "POST"])
def phone(request: HttpRequest, code: str) -> HttpResponse:
    """Participants join on their phone with the short code: no account, anonymous."""
    live = (
        LiveState.objects.select_related("session")
        .filter(phone_code=code.upper(), phones_enabled=True, finished_at__isnull=True)
        .first()
    )
    if live is None:
        return render(request, "sessions/live/phone_closed.html", status=404)
    session = live.session
    device = _device_id(request)
    form = PhoneForm(request.POST or None, initial={"client_id": uuid.uuid4(), "kind": "knelpunt"})
    context = {"form": form, "session": session, "sent": request.GET.get("verstuurd") == "1"}
    status = 200
    if request.method == "POST":
        if _rate_limited(request, code, device):
            context["limited"] = True
            status = 429
        elif form.is_valid():
            try:
                _phone_store(session, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                response = redirect(f"{reverse('sessions:phone', args=[code])}?verstuurd=1")
                _remember_device(response, device)
                return response
        if form.errors:
            status = 422
    response = render(request, "sessions/live/phone.html", context, status=status)
    response.headers["X-Robots-Tag"] = "noindex"
    _remember_device(response, device)
    return response


def _phone_store(session: Session, data: dict) -> None:
    if data["kind"] == "knelpunt":
        services.knelpunt_add(
            session=session, client_id=data["client_id"], text=data["text"], from_phone=True
        )
        return
    services.capture_add(
        session=session,
        client_id=data["client_id"],
        kind=Capture.Kind.ACTION,
        text=data["text"],
        from_phone=True,
    )
    if data["email"]:
        services.phone_action_mail(session=session, text=data["text"], email=data["email"])


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


# --- After the session --------------------------------------------------------------------


@login_required
@require_GET
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "sessions/live/summary.html",
        {
            "session": session,
            "s": selectors.summary(session=session),
            "fidelity": selectors.fidelity(session=session),
            "can_edit": has_perm(request.user, Perm.SESSION_EDIT, session),
        },
    )


@login_required
@require_POST
def promote(request: HttpRequest, pk: int, capture_pk: int) -> HttpResponse:
    session = _session(request, pk)
    capture = get_object_or_404(Capture, pk=capture_pk, session=session)
    try:
        services.capture_promote(capture=capture)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Offered to the kennisbank as a draft."))
    return redirect("sessions:summary", pk=session.pk)


@login_required
@require_GET
def promoted_list(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.network_get_for_user(user=request.user, slug=slug)
    return render(
        request,
        "sessions/live/promoted.html",
        {
            "network": network,
            "items": selectors.promoted_waiting(network_id=network.pk),
        },
    )


@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        session = services.evaluation_session(token)
    except ValidationError:
        return render(request, "sessions/live/evaluation.html", {"invalid": True}, status=404)
    done = services.evaluation_used(token)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and not done and form.is_valid():
        try:
            services.evaluation_submit(token=token, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("sessions:evaluation", token=token)
    return render(
        request,
        "sessions/live/evaluation.html",
        {"session": session, "form": form, "done": done},
        status=422 if form.errors else 200,
    )
