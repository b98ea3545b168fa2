"""Reads of one session (or network) with the access check, and the facts the PvE check reads."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from praktijktafel.models import Network, Role, User
from praktijktafel.permissions import FACILITATING_ROLES, Perm, has_perm
from sectordata.models import Dataset
from sessions import pve
from sessions.models import Invitation, Session, SessionChart

# Keeps the caller's queryset class (a SessionQuerySet stays one, with upcoming() and so on).
_QS = TypeVar("_QS", bound=QuerySet)


def _invitations_counted(**filters) -> Coalesce:
    counted = (
        Invitation.objects.filter(session=OuterRef("pk"), **filters)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def with_counts(qs: _QS) -> _QS:
    """The counts per session as subqueries, not a join with GROUP BY: PostgreSQL then counts
    only for the sessions a page shows (20 of a network's hundreds), after the LIMIT."""
    return qs.annotate(
        confirmed_count=_invitations_counted(status=Invitation.Status.CONFIRMED),
        waitlist_count=_invitations_counted(status=Invitation.Status.WAITLISTED),
        invited_count=_invitations_counted(),
        present_count=_invitations_counted(attendance__in=Invitation.ATTENDED),
    )


def network_get_for_user(*, user: User, slug: str, perm: Perm = Perm.NETWORK_VIEW) -> Network:
    network = Network.objects.filter(slug=slug).first()
    if network is None or not has_perm(user, perm, network):
        raise Http404
    return network


SESSION_RELATED = ("network", "sector", "facilitator", "kennisexpert", "series")


def session_get_for_user(
    *,
    user: User,
    pk: int,
    perm: Perm = Perm.SESSION_VIEW,
    related: tuple[str, ...] = SESSION_RELATED,
) -> Session:
    """The session if this person may see it (or `perm`), else 404. The live screens, which
    are asked for every few seconds, pass `related=()`: a six-table join costs more to plan
    than the whole query takes to run."""
    session = Session.objects.select_related(*related).filter(pk=pk).order_by().first()
    if session is None or not has_perm(user, perm, session):
        raise Http404
    return session


def attendees(session: Session) -> list[Invitation]:
    """Who attended: by the check-in list, or everyone confirmed when nobody was checked in.
    The summary goes to them, and the finish question counts them."""
    return list(attended(session_id=session.pk).select_related("person"))


def session_invitations(*, session: Session) -> list[Invitation]:
    """By status, then waitlist order, then the name the team sees: not by the stored name of
    someone who has not joined yet (the order would tell something about it)."""
    invitations = session.invitations.select_related("person", "person__organisation")
    return sorted(
        invitations,
        key=lambda i: (
            i.status,
            i.waitlisted_at is None,
            i.waitlisted_at or i.invited_at,
            i.shown_name.casefold(),
        ),
    )


def network_people_to_invite(*, session: Session) -> QuerySet[User]:
    """Ondernemers of the session's network who are not invited yet."""
    return (
        User.objects.filter(
            memberships__network_id=session.network_id,
            memberships__role=Role.ONDERNEMER,
            is_active=True,
        )
        .exclude(invitations__session=session)
        .select_related("organisation")
        .distinct()
        .order_by("full_name", "email")
    )


def network_facilitators(*, network_id: int) -> QuerySet[User]:
    """Who may run a session of the network: the one rule (FACILITATING_ROLES) that planning,
    handing over and the session's own access all follow."""
    return User.objects.filter(
        memberships__network_id=network_id,
        memberships__role__in=FACILITATING_ROLES,
        is_active=True,
    ).distinct()


def network_session_leads(*, network_id: int, user: User) -> QuerySet[User]:
    """Who can be chosen to run a new session: the network's facilitators, and the one who
    plans it (a coordinator may run it themselves)."""
    return (
        User.objects.filter(
            Q(pk=user.pk)
            | Q(
                memberships__network_id=network_id,
                memberships__role__in=FACILITATING_ROLES,
                is_active=True,
            )
        )
        .distinct()
        .order_by("full_name", "email")
    )


def participant_sectors(session_ids: list[int]) -> dict[int, list[int | None]]:
    result: dict[int, list[int | None]] = {pk: [] for pk in session_ids}
    rows = Invitation.objects.filter(
        session_id__in=session_ids, status=Invitation.Status.CONFIRMED
    ).values_list("session_id", "person__organisation__sector_id")
    for session_id, sector_id in rows:
        result[session_id].append(sector_id)
    return result


def chart_counts(session_ids: list[int]) -> dict[int, int | None]:
    """Charts per session; None for all while no sector data has been imported at all."""
    if not Dataset.objects.filter(is_current=True).exists():
        return dict.fromkeys(session_ids)
    counts: dict[int, int | None] = dict.fromkeys(session_ids, 0)
    rows = (
        SessionChart.objects.filter(session_id__in=session_ids)
        .values_list("session_id")
        .annotate(n=Count("pk"))
    )
    counts.update(dict(rows))
    return counts


def session_facts_build(
    session: Session, confirmed: int, sectors: list[int | None], charts: int | None
) -> pve.SessionFacts:
    return pve.SessionFacts(
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        phases=[
            pve.PhaseMinutes(p.minutes, p.is_landing, p.is_own_input, p.is_knowledge_input)
            for p in session.phases.all()
        ],
        capacity=session.capacity,
        quorum=session.quorum,
        confirmed=confirmed,
        participant_sectors=sectors,
        sector_id=session.sector_id,
        has_location=bool(session.venue_name.strip() and session.address.strip()),
        chart_count=charts,
        finished=session.status == Session.Status.DONE,
        invited=session.invitations_sent_at is not None,
    )


def session_facts(session: Session) -> pve.SessionFacts:
    sectors = participant_sectors([session.pk])[session.pk]
    return session_facts_build(
        session, len(sectors), sectors, chart_counts([session.pk])[session.pk]
    )


def _series_neighbour(session: Session, *, later: bool) -> Session | None:
    """The session of the same series just before or after this one (not cancelled)."""
    if session.series_id is None:
        return None
    when = {"starts_at__gt" if later else "starts_at__lt": session.starts_at}
    return (
        Session.objects.filter(series_id=session.series_id, **when)
        .exclude(pk=session.pk)
        .exclude(status=Session.Status.CANCELLED)
        .order_by("starts_at" if later else "-starts_at")
        .first()
    )


def previous_session(session: Session) -> Session | None:
    return _series_neighbour(session, later=False)


def next_session(session: Session) -> Session | None:
    return _series_neighbour(session, later=True)


def told_of_changes(session: Session) -> QuerySet[Invitation]:
    """Who is mailed when the time, place or facilitator changes or the session is
    cancelled: everyone invited and not declined, once the invitations went out."""
    if not session.invitations_sent_at:
        return Invitation.objects.none()
    return session.invitations.exclude(status=Invitation.Status.DECLINED)


def attended(*, session_id: int) -> QuerySet[Invitation]:
    """Who attended, as one query: by the check-in list (present or late), or everyone
    confirmed while nobody of the session has been checked in."""
    checked_in = Invitation.objects.filter(session_id=session_id).exclude(
        attendance=Invitation.Attendance.UNKNOWN
    )
    return Invitation.objects.filter(session_id=session_id).filter(
        Q(attendance__in=Invitation.ATTENDED)
        | Q(
            ~Exists(checked_in),
            attendance=Invitation.Attendance.UNKNOWN,
            status=Invitation.Status.CONFIRMED,
        )
    )
