"""The cheap question every live screen asks every few seconds: "did anything change?".

One indexed query on the session's LiveState row (its one-to-one key) answers it together
with the access check: the row carries the session's team and the asker's roles in its
network, and the open phase run's pause and extension for the console's timer key. Only when
something changed does a screen build its fragment.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from types import SimpleNamespace

from django.db import connection
from django.http import Http404

from praktijktafel.models import Membership, User
from praktijktafel.permissions import Perm, has_perm
from sessions.live.selectors.clock import timer_key
from sessions.models import LiveState, PhaseRun, Session


@dataclass(frozen=True)
class LivePoll:
    session_id: int
    version: int  # rises with every live write (see live_state_bump)
    finished: bool
    state_key: str  # the console's timer key; "finished" once finished


@functools.cache
def _poll_sql() -> str:
    """The poll as one SQL statement, written once. Built by the ORM (annotations with
    subqueries) the same query took ~20 times longer to compile in Python than to run, on
    every poll of every screen; this hot path is the one place that spells the SQL out.
    The open run is at most one row (the constraint phase_run_one_open_per_session)."""
    live, session, run, membership = (m._meta for m in (LiveState, Session, PhaseRun, Membership))

    def col(meta, name: str) -> str:
        return meta.get_field(name).column

    return f"""
        SELECT l.{col(live, "version")}, l.{col(live, "finished_at")},
               l.{col(live, "current_phase")}, l.{col(live, "case_step")},
               l.{col(live, "phones_enabled")},
               r.{col(run, "paused_at")}, r.{col(run, "extended_seconds")},
               r.{col(run, "id")} IS NOT NULL,
               s.{col(session, "network")}, s.{col(session, "facilitator")},
               s.{col(session, "kennisexpert")}, s.{col(session, "status")},
               ARRAY(SELECT m.{col(membership, "role")} FROM {membership.db_table} m
                     WHERE m.{col(membership, "user")} = %s
                       AND m.{col(membership, "network")} = s.{col(session, "network")})
        FROM {live.db_table} l
        JOIN {session.db_table} s ON s.{col(session, "id")} = l.{col(live, "session")}
        LEFT JOIN {run.db_table} r ON r.{col(run, "session")} = l.{col(live, "session")}
             AND r.{col(run, "ended_at")} IS NULL
        WHERE l.{col(live, "session")} = %s
    """  # noqa: S608 - table and column names from the models' _meta; values are parameters


def live_poll(*, user: User, pk: int, perm: Perm = Perm.SESSION_VIEW) -> LivePoll | None:
    """The version and timer key of session `pk`, in one query. None while the session has
    not started (or does not exist); 404 for someone without `perm` on a started one."""
    with connection.cursor() as cursor:
        cursor.execute(_poll_sql(), [user.pk or 0, pk])
        found = cursor.fetchone()
    if found is None:  # not started (or no such session): the caller's full path decides
        return None
    (version, finished_at, phase_id, case_step, phones, paused_at, extended, has_run) = found[:8]
    network_id, facilitator_id, kennisexpert_id, status, roles = found[8:]
    team = SimpleNamespace(
        network_id=network_id, facilitator_id=facilitator_id, kennisexpert_id=kennisexpert_id
    )
    if not _allowed(user, perm, team, roles):
        raise Http404
    finished = finished_at is not None or status == Session.Status.DONE
    return LivePoll(
        session_id=pk,
        version=version,
        finished=finished,
        state_key="finished"
        if finished
        else timer_key(
            phase_id=phase_id,
            paused=has_run and paused_at is not None,
            extended=extended or 0,
            case_step=case_step,
            phones_enabled=phones,
        ),
    )


def _allowed(user: User, perm: Perm, team: SimpleNamespace, roles: list[str] | None) -> bool:
    """The same rule as session_get_for_user, on the roles the query brought along. A copy of
    the user carries them, so the request's own user keeps its full role cache."""
    asker = copy.copy(user)
    if user.is_authenticated:
        asker._roles_by_network = {team.network_id: frozenset(roles or [])}  # type: ignore[attr-defined]
    return has_perm(asker, perm, team)
