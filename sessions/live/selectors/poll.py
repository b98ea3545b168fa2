"""The cheap question every live screen asks every few seconds: "did anything change?".

One indexed query on the session's LiveState row (its one-to-one key) answers it together
with the access check: the row carries the session's team and the asker's roles in its
network, and the open phase run's pause and extension for the console's timer key. Only when
something changed does a screen build its fragment.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from types import SimpleNamespace

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Subquery, Value
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


def live_poll(*, user: User, pk: int, perm: Perm = Perm.SESSION_VIEW) -> LivePoll | None:
    """The version and timer key of session `pk`, in one query. None while the session has
    not started (or does not exist); 404 for someone without `perm` on a started one."""
    open_run = PhaseRun.objects.filter(session_id=OuterRef("session_id"), ended_at__isnull=True)
    roles = Membership.objects.filter(
        user_id=user.pk or 0, network_id=OuterRef("session__network_id")
    ).values("role")
    row = (
        LiveState.objects.filter(session_id=pk)
        .annotate(
            run_paused=Subquery(open_run.values("paused_at")[:1]),
            run_extended=Subquery(open_run.values("extended_seconds")[:1]),
            roles=ArraySubquery(roles) if user.is_authenticated else Value([]),
        )
        .values(
            "version",
            "finished_at",
            "current_phase_id",
            "case_step",
            "phones_enabled",
            "run_paused",
            "run_extended",
            "roles",
            "session__network_id",
            "session__facilitator_id",
            "session__kennisexpert_id",
            "session__status",
        )
        .first()
    )
    if row is None:  # not started (or no such session): the caller's full path decides
        return None
    if not _allowed(user, perm, row):
        raise Http404
    finished = row["finished_at"] is not None or row["session__status"] == Session.Status.DONE
    return LivePoll(
        session_id=pk,
        version=row["version"],
        finished=finished,
        state_key="finished"
        if finished
        else timer_key(
            phase_id=row["current_phase_id"],
            paused=row["run_paused"] is not None,
            extended=row["run_extended"] or 0,
            case_step=row["case_step"],
            phones_enabled=row["phones_enabled"],
        ),
    )


def _allowed(user: User, perm: Perm, row: dict) -> bool:
    """The same rule as session_get_for_user, on the roles the query brought along. A copy of
    the user carries them, so the request's own user keeps its full role cache."""
    team = SimpleNamespace(
        network_id=row["session__network_id"],
        facilitator_id=row["session__facilitator_id"],
        kennisexpert_id=row["session__kennisexpert_id"],
    )
    asker = copy.copy(user)
    if user.is_authenticated:
        asker._roles_by_network = {team.network_id: frozenset(row["roles"] or [])}  # type: ignore[attr-defined]
    return has_perm(asker, perm, team)
