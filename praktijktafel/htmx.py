"""Helpers the apps' views share for HTMX fragments and service errors.

- `is_fragment(request)`: answer with the named fragment (`page.html#part`) instead of the
  whole page. True for an HTMX request that is not boosted; a boosted link or form wants the
  whole page, like a request without JavaScript, and so does htmx restoring its history.
  (`FragmentCachingMiddleware` keeps the browser from caching a fragment as the page.)
- `messages_on_error(request)`: run a service call; a `ValidationError` becomes one error
  message (shown on the next page or inside the swapped fragment) instead of a 500::

      with messages_on_error(request) as attempt:
          session_cancel(session=session)
      if attempt.ok:
          messages.success(request, _("Cancelled."))

- `error_message(request, error)`: the same message for an error caught elsewhere.

Forms show service errors on their fields instead (`praktijktafel.forms.add_service_errors`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def is_fragment(request: HttpRequest) -> bool:
    """True when the request wants only a fragment of the page (HTMX, not boosted). htmx
    restoring a page of its history it no longer holds asks for the whole page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx and not htmx.boosted and not htmx.history_restore_request)


def error_message(request: HttpRequest, error: ValidationError) -> None:
    """All messages of a ValidationError as one error message."""
    messages.error(request, " ".join(error.messages))


@dataclass
class Attempt:
    ok: bool = True


@contextmanager
def messages_on_error(request: HttpRequest) -> Iterator[Attempt]:
    """A ValidationError inside the block becomes an error message and `attempt.ok` False."""
    attempt = Attempt()
    try:
        yield attempt
    except ValidationError as error:
        attempt.ok = False
        error_message(request, error)
