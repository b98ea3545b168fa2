"""The answer "nothing changed" to a live screen's poll, before the rest of the stack.

Every live screen asks every 2–3 s whether anything changed (the projector, the console's
timer and its lists); nearly always nothing did. Through the whole stack that answer cost
three queries (the login session, the person, the poll) and the work of a dozen middleware.
Here it costs one query: the page gives each of its polls a ticket, signed by the server,
saying which person on which login session it was made for (`poll_ticket`), and this
middleware answers 204 when

- the ticket's signature holds and its login session is the cookie's (a digest of its key:
  the key itself never reaches the page),
- that login session still exists and has not expired, its person is still active and still
  has the password hash the login was made on (Django's own rule: changing the password ends
  other logins), and the person may still see (projector) or run (console) the session,
  all in that one query (sessions.live.selectors.poll.live_poll_for_login), and
- the screen shows the current version or timer state.

The projector's changed screen is served here too: a read-only fragment without forms, for
whom that query has let in; the rest of the stack would only load the login and the person
again. Anything else (no ticket, a bad one, a console fragment that changed, a finished
session, no access) goes on down the stack unchanged, which then answers as it always did.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends import db
from django.core import signing
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.crypto import constant_time_compare

from praktijktafel.middleware import language_activate, language_mark
from praktijktafel.permissions import Perm
from sessions.live.selectors.poll import (
    LivePoll,
    live_poll_for_login,
    poll_screen,
    poll_unchanged,
)
from sessions.live.views.projector import screen_response

TICKET_HEADER = "X-Live-Ticket"
_SALT = "sessions.live.poll-ticket"
_POLL_PATH = re.compile(r"^/sessie/([0-9]+)/(projector|live)/$")  # as the URL conf: ASCII digits


def _login_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def poll_ticket(request: HttpRequest) -> str:
    """The ticket for the polls of the page being made for this request ("" when there is
    nobody logged in to make it for)."""
    user, key = request.user, request.session.session_key
    if not user.is_authenticated or not key:
        return ""
    value = f"{user.pk}:{_login_digest(key)}:{user.get_session_auth_hash()[:32]}"
    return signing.Signer(salt=_SALT).sign(value)


def _read_ticket(ticket: str) -> tuple[int, str, str] | None:
    try:
        user_id, digest, auth = signing.Signer(salt=_SALT).unsign(ticket).split(":")
        return int(user_id), digest, auth
    except (signing.BadSignature, ValueError):
        return None


class UnchangedPollMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        store = import_module(settings.SESSION_ENGINE).SessionStore
        if not issubclass(store, db.SessionStore):
            raise MiddlewareNotUsed("the poll's one query reads the database's login sessions")
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self._unchanged(request) or self.get_response(request)

    def _unchanged(self, request: HttpRequest) -> HttpResponse | None:
        if request.method != "GET" or request.headers.get("HX-Request") != "true":
            return None
        ticket = request.headers.get(TICKET_HEADER)
        path = _POLL_PATH.match(request.path_info)
        if not ticket or path is None:
            return None
        screen = poll_screen(path.group(2), request.GET)
        read = _read_ticket(ticket)
        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
        if screen is None or read is None or not key:
            return None
        user_id, digest, auth = read
        if not constant_time_compare(digest, _login_digest(key)):
            return None
        perm = Perm.SESSION_VIEW if path.group(2) == "projector" else Perm.SESSION_EDIT
        found = live_poll_for_login(
            user_id=user_id, login_key=key, pk=int(path.group(1)), perm=perm
        )
        if found is None:
            return None
        poll, person = found
        if not constant_time_compare(auth, person.get_session_auth_hash()[:32]) or poll.finished:
            return None
        if screen == "projector":
            return self._screen(request, poll, ticket)
        if not poll_unchanged(poll, screen, request.GET):
            return None  # the console's fragments (forms, their tokens) take the full path
        response = HttpResponse(status=204)
        response.headers["Cache-Control"] = "no-store"
        return response

    @staticmethod
    def _screen(request: HttpRequest, poll: LivePoll, ticket: str) -> HttpResponse:
        """The projector's answer, 204 or its changed screen: a read-only fragment with no
        form, drawn from the session alone, for whom the query above has let in. The rest of
        the stack would only load the login and the person again."""
        language = language_activate(request)
        request._live_ticket = ticket  # type: ignore[attr-defined]  # the screen's next polls
        response = screen_response(request, poll)
        language_mark(response, language)
        patch_vary_headers(response, ["HX-Request"])
        response.headers["Cache-Control"] = "no-store"
        return response
