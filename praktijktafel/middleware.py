"""Language: Dutch unless the person chose English with the language switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, so an ondernemer
with an English phone would get English pages. The product is Dutch first, so only an
explicit choice (the language cookie set by the switch in the footer) changes it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import quote

import psycopg
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _


def language_activate(request: HttpRequest) -> str:
    """The language the person chose (its cookie), else Dutch: activated for this request."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    available = {code for code, _name in settings.LANGUAGES}
    language = chosen if chosen in available else settings.LANGUAGE_CODE
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


def language_mark(response: HttpResponse, language: str) -> None:
    response.headers.setdefault("Content-Language", language)
    patch_vary_headers(response, ["Cookie"])


class LanguageChoiceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_activate(request)
        response = self.get_response(request)
        language_mark(response, language)
        return response


class FragmentCachingMiddleware:
    """A page and its HTMX fragment share one address (the live search pushes it into the
    address bar). The browser must never show the fragment as the page (going back to a
    search would show the results part alone, without header, form or style, from its
    cache), so every response varies on HX-Request, and a fragment is never stored."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, ["HX-Request"])
        if getattr(request, "htmx", False):  # django-htmx's HtmxMiddleware runs before this
            patch_cache_control(response, no_store=True)
        return response


# Everything from our own origin; no inline script anywhere. Inline styles only where a page
# says so (the quarterly preview carries the PDF's stylesheet; the Django admin uses style
# attributes).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
CSP_INLINE_STYLE = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        inline = getattr(response, "csp_inline_style", False) or request.path.startswith("/admin/")
        response.headers.setdefault("Content-Security-Policy", CSP_INLINE_STYLE if inline else CSP)
        return response


# Control characters (NUL and friends, but not tab/newline in a form field) never belong in an
# address. PostgreSQL refuses NUL in text, so without this check `?q=a%00b` or `/t/%00/` ran
# into a server error deep in some view. One answer for every route, in the person's language.
_UNREADABLE = {chr(c) for c in range(32) if chr(c) not in "\t\n\r"} | {"\x7f"}


def _has_unreadable(text: str) -> bool:
    return not _UNREADABLE.isdisjoint(text)


# Direction overrides (U+202A–U+202E, U+2066–U+2069) make text read differently from what is
# stored: a name or a tip could show reversed on the projector or in a PDF. They have no use
# in what people type here, so typed text loses them with the other control characters.
# Soft hyphens, zero-width spaces, the word joiner and a stray byte-order mark are invisible
# too: they split a word for a machine (the privacy check, the search) but not for a reader.
_INVISIBLE_IN_TEXT = (
    _UNREADABLE
    | {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
    | {"\u00ad", "\u200b", "\u2060", "\ufeff"}
)
_STRIP_TABLE = str.maketrans(dict.fromkeys(_INVISIBLE_IN_TEXT))


def clean_typed_text(value: str) -> str:
    return value.translate(_STRIP_TABLE)


class UnreadableInputMiddleware:
    """An address with control characters gets a 400; typed form text loses them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_unreadable(request.path) or any(
            _has_unreadable(key) or any(_has_unreadable(value) for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest(render_to_string("400.html", request=request))
        if request.method == "POST" and request.content_type in {
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        }:
            cleaned = request.POST.copy()
            for key, values in request.POST.lists():
                cleaned.setlist(key, [clean_typed_text(value) for value in values])
            cleaned._mutable = False
            request.POST = cleaned  # type: ignore[misc,assignment]
        return self.get_response(request)


# The database is unreachable: Django's wrapped errors, and psycopg's own should one escape
# the wrapper. Any other database error (a bug, a broken constraint) stays a 500.
DATABASE_DOWN = (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)
RETRY_AFTER_SECONDS = 30
log = logging.getLogger(__name__)


def database_unavailable_response(exception: BaseException | None = None) -> HttpResponse:
    """A calm 503 page that needs nothing from the database: no request context (the menu
    asks who is logged in), so it renders while the database is away. The outage is logged:
    the person sees no 500, but whoever runs the site must hear of it."""
    log.error("Database unreachable, answered 503: %s", exception)
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database (the anonymous phone page in a live session,
    and every other page) answers a calm 503 instead of the 500 page. What fails outside a
    view (loading the login session, the cache table) reaches `views.server_error`, which
    answers the same."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_DOWN):
            return database_unavailable_response(exception)
        return None


class HtmxErrorMessageMiddleware:
    """An HTMX request that ends in an error (4xx or 5xx) gets the server's message, in the
    person's language, in the `X-Error-Message` header (UTF-8, percent-encoded: a header is
    Latin-1). static/js/htmx-errors.js shows it at the form that sent the request, which
    keeps what was typed; without it htmx swaps nothing and says nothing. A 422 is a form
    with its errors: htmx swaps that in (responseHandling in base.html), so it gets none.
    A view may set its own, more precise message first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.headers.get("HX-Request") == "true"
            and response.status_code >= 400
            and response.status_code != 422
            and "X-Error-Message" not in response.headers
        ):
            message = error_message_for(response.status_code)
            response.headers["X-Error-Message"] = quote(message, safe=" ,.:;!?()'")
        return response


def error_message_for(status: int) -> str:
    messages = {
        400: _("This request was not understood. Reload the page and try again."),
        # Also a refused CSRF token: the page was open too long, or the login changed.
        403: _(
            "You may not do this (any more), or you were logged out. Copy what you typed, "
            "reload the page and try again."
        ),
        404: _("This no longer exists: someone may have just removed it. Reload the page."),
        405: _("This cannot be done here. Reload the page and try again."),
        413: _("This is too large to send. Make it smaller and try again."),
        429: _("Too many tries in a row. Wait a minute and try again."),
    }
    if status in messages:
        return str(messages[status])
    if status >= 500:
        return str(
            _("Something went wrong on our side: this was not saved. Try again in a minute.")
        )
    return str(_("This did not work. Check what you filled in and try again."))
