"""The phone page's one read: which running session a code opens."""

from __future__ import annotations

import functools

from django.db import connection

from sessions.live.selectors.poll import session_from_columns
from sessions.live.selectors.sql import col
from sessions.models import LiveState, Session

# What the phone page and a phone's post read of the session; any other field is loaded
# when asked for (a deferred field), never guessed.
PHONE_SESSION_FIELDS = ("id", "title", "network_id", "status")


@functools.cache
def _phone_sql() -> str:
    """Spelled out once from the models' _meta: every phone asks it on every page, and the
    ORM spent more time building this statement than PostgreSQL spent running it."""
    live, session = LiveState._meta, Session._meta

    columns = ", ".join(f"s.{col(session, name)}" for name in PHONE_SESSION_FIELDS)
    return f"""
        SELECT {columns}
        FROM {live.db_table} l
        JOIN {session.db_table} s ON s.{col(session, "id")} = l.{col(live, "session")}
        WHERE l.{col(live, "phone_code")} = %s AND l.{col(live, "phones_enabled")}
          AND l.{col(live, "finished_at")} IS NULL
    """  # noqa: S608 - table and column names from the models' _meta; the code is a parameter


def phone_session(*, code: str) -> Session | None:
    """The session whose phones are open with `code`, while it runs; None otherwise."""
    with connection.cursor() as cursor:
        cursor.execute(_phone_sql(), [code])
        found = cursor.fetchone()
    if found is None:
        return None
    return session_from_columns(dict(zip(PHONE_SESSION_FIELDS, found, strict=True)))
