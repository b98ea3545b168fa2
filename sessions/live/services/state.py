"""The one row every live write goes through. Each write locks the session's LiveState row,
so two tabs or a retried request cannot interleave, and raises `version` so the projector
sees the change."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sessions.live.limits import CAPTURE_MAX
from sessions.live.selectors.clock import state_key
from sessions.models import LiveState, PhaseRun, Session


class StaleState(ValidationError):
    """A console tab acted on a timer it no longer shows: another tab changed it first."""


def live_state_expect(live: LiveState, expected: str) -> None:
    """Refuse a timer action pressed on another state than the server's (call under the
    lock). An empty state is refused too: a relative action must say what it is relative
    to."""
    run = PhaseRun.objects.filter(session_id=live.session_id, ended_at__isnull=True).first()
    if expected == state_key(live, run):
        return
    phase = live.current_phase.title if live.current_phase else ""
    raise StaleState(
        _(
            "Another screen changed the session first: it is now at “%(phase)s”. This screen "
            "has been brought up to date; press again if you still want to."
        )
        % {"phase": phase}
    )


def live_state_lock(session: Session) -> LiveState:
    live = LiveState.objects.select_for_update().filter(session_id=session.pk).first()
    if live is None:
        raise ValidationError(_("This session has not started yet."))
    if live.finished_at is not None:
        raise ValidationError(_("This session is finished: nothing can change any more."))
    return live


def live_state_bump(live: LiveState, *fields: str, on_screen: bool = True) -> None:
    """Raise the version (and save `fields`); the projector's too unless the write is
    `on_screen` False (an item held back, which the projector never shows). Called under the
    row's lock (live_state_lock): nobody else can change the version in between, so the new
    one is known without reading it back."""
    live.version += 1
    if on_screen:
        live.screen_version += 1
    live.save(update_fields=["version", "screen_version", *fields])


def text_clean(text: str, limit: int = CAPTURE_MAX) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": _("Type something first.")})
    if len(text) > limit:
        raise ValidationError(
            {"text": _("Keep it shorter: at most %(n)d characters.") % {"n": limit}}
        )
    return text
