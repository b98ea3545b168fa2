"""Writes for the sessions app: keyword-only, validated, one transaction each."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from praktijktafel.models import Network, Sector, User
from sessions.agenda import DEFAULT_PHASES, DEFAULT_SLOT_MINUTES
from sessions.models import Phase, Series, Session


@transaction.atomic
def session_create(
    *,
    network: Network,
    sector: Sector,
    title: str,
    starts_at: datetime,
    venue_name: str,
    address: str,
    facilitator: User,
    theme: str = "",
    theme_other: str = "",
    kennisexpert: User | None = None,
    series: Series | None = None,
    combined_with: str = "",
    capacity: int = 12,
    quorum: int = 5,
    slot_minutes: int = DEFAULT_SLOT_MINUTES,
) -> Session:
    """A new draft session with the default agenda of the appendix."""
    session = Session(
        network=network,
        sector=sector,
        series=series,
        title=title,
        theme=theme,
        theme_other=theme_other,
        starts_at=starts_at,
        slot_minutes=slot_minutes,
        venue_name=venue_name,
        address=address,
        combined_with=combined_with,
        facilitator=facilitator,
        kennisexpert=kennisexpert,
        capacity=capacity,
        quorum=quorum,
    )
    session.full_clean()
    session.save()
    Phase.objects.bulk_create(
        Phase(
            session=session,
            position=index,
            kind=spec.kind,
            title=spec.title,
            minutes=spec.minutes,
            is_landing=spec.is_landing,
            is_own_input=spec.is_own_input,
            is_knowledge_input=spec.is_knowledge_input,
        )
        for index, spec in enumerate(DEFAULT_PHASES, start=1)
    )
    return session
