"""Views of the shared core: the health check and the 500 handler. (Other error pages are
plain templates.)"""

from __future__ import annotations

import sys

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not. No details that help an attacker."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 page, unless the cause is an unreachable database: then the calm 503
    page, also when it failed outside a view (a middleware loading the session or the
    cache)."""
    from praktijktafel.middleware import DATABASE_DOWN, database_unavailable_response

    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_DOWN):
        return database_unavailable_response(error)
    return defaults.server_error(request)
