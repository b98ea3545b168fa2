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

from django.contrib.sessions.models import Session as BrowserSession
from django.db import connection
from django.http import Http404

from praktijktafel.models import Membership, User
from praktijktafel.permissions import Perm, has_perm
from sessions.live.selectors.clock import timer_key
from sessions.live.selectors.sql import col
from sessions.models import LiveState, PhaseRun, Session


@dataclass(frozen=True)
class LivePoll:
    session_id: int
    version: int  # rises with every live write (see live_state_bump)
    screen_version: int  # … with every one the projector shows
    finished: bool
    state_key: str  # the console's timer key; "finished" once finished
    team: tuple[int, int | None, int | None, str] = (0, None, None, "")

    def session(self) -> Session:
        """The session as far as the poll read it (its network, team and status); any other
        field loads when asked for. For the captures and the lists, which read no more."""
        network_id, facilitator_id, kennisexpert_id, status = self.team
        return session_from_columns(
            {
                "id": self.session_id,
                "network_id": network_id,
                "facilitator_id": facilitator_id,
                "kennisexpert_id": kennisexpert_id,
                "status": status,
            }
        )


def session_from_columns(values: dict[str, object]) -> Session:
    """A session built from some of its columns (by attname); the others load when asked
    for. Model.from_db takes the values in the model's own field order, whatever order the
    names come in, so they are put in that order here."""
    names = [f.attname for f in Session._meta.concrete_fields if f.attname in values]
    if len(names) != len(values):
        raise ValueError(f"not columns of a session: {sorted(set(values) - set(names))}")
    return Session.from_db(connection.alias, names, [values[name] for name in names])


# What each live screen's poll sends: the projector `?v=`, a console tab `?part=sync&state=`
# (its timer) or `?part=lists_sync&v=` (its lists).
def poll_screen(path_kind: str, query) -> str | None:
    """Which screen is polling ("projector", "sync", "lists_sync"), or None for any other
    request to a live address (`path_kind`: "projector" or "live")."""
    if path_kind == "projector":
        return "projector" if "v" in query else None
    part = query.get("part")
    return part if part in ("sync", "lists_sync") else None


def poll_unchanged(poll: LivePoll, screen: str, query) -> bool:
    """The one rule for every poll: does the screen show what the server has now? The
    projector compares its own version (what it shows), a console tab its timer state or
    the version of everything it lists."""
    if screen == "projector":
        return query.get("v") == str(poll.screen_version)
    if screen == "sync":
        return query.get("state") == poll.state_key
    return query.get("v") == str(poll.version)


@functools.cache
def _poll_sql() -> str:
    """The poll as one SQL statement, written once. Built by the ORM (annotations with
    subqueries) the same query took ~20 times longer to compile in Python than to run, on
    every poll of every screen; this hot path is the one place that spells the SQL out.
    The open run is at most one row (the constraint phase_run_one_open_per_session)."""
    live, session, run, membership = (m._meta for m in (LiveState, Session, PhaseRun, Membership))

    return f"""
        SELECT l.{col(live, "version")}, l.{col(live, "screen_version")},
               l.{col(live, "finished_at")},
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
    poll = _poll_from(pk, found, user, perm)
    if poll is None:
        raise Http404
    return poll


@functools.cache
def _ticket_sql() -> str:
    """The poll together with what logging in proved: the browser's login session still
    exists and has not expired, and its person is still active (with the password hash their
    login was made on, and the flags the access rule reads)."""
    user, login = User._meta, BrowserSession._meta
    return f"""
        WITH poll AS ({_poll_sql()})
        SELECT poll.*, u.{user.get_field("password").column},
               u.{user.get_field("is_superuser").column}, u.{user.get_field("is_staff").column}
        FROM poll
        JOIN {user.db_table} u ON u.{user.pk.column} = %s AND u.{user.get_field("is_active").column}
        WHERE EXISTS (SELECT 1 FROM {login.db_table} b
                      WHERE b.{login.pk.column} = %s
                        AND b.{login.get_field("expire_date").column} > now())
    """  # noqa: S608 - table and column names from the models' _meta; values are parameters


def live_poll_for_login(
    *, user_id: int, login_key: str, pk: int, perm: Perm
) -> tuple[LivePoll, User] | None:
    """The poll for whoever holds login session `login_key` as person `user_id`, in one query,
    with that person (password hash and flags only, to check the login's hash against). None
    when the login is gone or expired, the person inactive, or `perm` not theirs: the caller
    then takes the full path, which says why."""
    with connection.cursor() as cursor:
        cursor.execute(_ticket_sql(), [user_id, pk, user_id, login_key])
        found = cursor.fetchone()
    if found is None:
        return None
    password, is_superuser, is_staff = found[-3:]
    person = User(pk=user_id, password=password, is_superuser=is_superuser, is_staff=is_staff)
    poll = _poll_from(pk, found[:-3], person, perm)
    return (poll, person) if poll is not None else None


def _poll_from(pk: int, found: tuple, user: User, perm: Perm) -> LivePoll | None:
    version, screen_version, finished_at, phase_id, case_step, phones = found[:6]
    paused_at, extended, has_run = found[6:9]
    network_id, facilitator_id, kennisexpert_id, status, roles = found[9:]
    team = SimpleNamespace(
        network_id=network_id, facilitator_id=facilitator_id, kennisexpert_id=kennisexpert_id
    )
    if not _allowed(user, perm, team, roles):
        return None
    finished = finished_at is not None or status == Session.Status.DONE
    return LivePoll(
        session_id=pk,
        version=version,
        screen_version=screen_version,
        finished=finished,
        team=(network_id, facilitator_id, kennisexpert_id, status),
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
