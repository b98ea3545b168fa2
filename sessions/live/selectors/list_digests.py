"""What each of the console's lists holds, as a digest made by PostgreSQL.

The console's lists are fetched again whenever anything in the session changes, and one
change touches one list: a tip does not change the bottlenecks. A list is drawn from its
rows (every stored column, and for a contact the person's row), so a digest of those rows
names its HTML exactly; the template keeps each list's HTML under that digest and only a list
whose digest is new is loaded from the database and drawn.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db import connection

from praktijktafel.models import User
from sessions.agenda import PhaseKind
from sessions.live.selectors.sql import col
from sessions.models import KNELPUNT, Capture, Knelpunt, LiveState, Phase


@dataclass(frozen=True)
class ListDigest:
    count: int
    digest: str | None  # None while the list is empty


@dataclass(frozen=True)
class ListDigests:
    version: int  # the live state's, which every live write raises
    closing: bool  # the phase on screen is the closing one
    shown: dict[str, ListDigest]  # approved items by list: KNELPUNT or a capture kind
    held: dict[str, int]  # items held back (from a phone, or a privacy warning), by list

    def of(self, name: str) -> ListDigest:
        return self.shown.get(name, ListDigest(0, None))


@functools.cache
def _digests_sql() -> str:
    """One statement for every list: the live state's version and phase, and per list and
    approval the number of rows and an md5 over their text form (`row::text` holds every
    column, so a new column is covered without a change here). Spelled out once from the
    models' _meta, like the poll: it runs on every refresh of every console."""
    live, phase, knelpunt, capture = (m._meta for m in (LiveState, Phase, Knelpunt, Capture))
    person = User._meta

    return f"""
        SELECT l.{col(live, "version")}, p.{col(phase, "kind")} = %s, d.list, d.approved,
               d.n, d.digest
        FROM {live.db_table} l
        LEFT JOIN {phase.db_table} p ON p.{col(phase, "id")} = l.{col(live, "current_phase")}
        LEFT JOIN (
            SELECT %s AS list, k.{col(knelpunt, "approved")} AS approved, count(*) AS n,
                   md5(string_agg(k::text, '|' ORDER BY k.{col(knelpunt, "id")})) AS digest
            FROM {knelpunt.db_table} k
            WHERE k.{col(knelpunt, "session")} = %s
            GROUP BY k.{col(knelpunt, "approved")}
            UNION ALL
            SELECT c.{col(capture, "kind")}, c.{col(capture, "approved")}, count(*),
                   md5(string_agg(c::text || coalesce(u::text, ''), '|'
                                  ORDER BY c.{col(capture, "id")}))
            FROM {capture.db_table} c
            LEFT JOIN {person.db_table} u ON u.{person.pk.column} = c.{col(capture, "person")}
            WHERE c.{col(capture, "session")} = %s
            GROUP BY c.{col(capture, "kind")}, c.{col(capture, "approved")}
        ) d ON true
        WHERE l.{col(live, "session")} = %s
    """  # noqa: S608 - table and column names from the models' _meta; values are parameters


def list_digests(*, session_id: int) -> ListDigests:
    with connection.cursor() as cursor:
        cursor.execute(_digests_sql(), [PhaseKind.CLOSING, KNELPUNT, session_id, *[session_id] * 2])
        rows = cursor.fetchall()
    if not rows:
        raise LiveState.DoesNotExist(f"session {session_id} has not started")
    shown, held = {}, {}
    for _version, _closing, name, approved, count, digest in rows:
        if name is None:  # nothing captured yet: the join found no list
            continue
        if approved:
            shown[name] = ListDigest(count, digest)
        else:
            held[name] = count
    version, closing = rows[0][:2]
    return ListDigests(version=version, closing=bool(closing), shown=shown, held=held)
