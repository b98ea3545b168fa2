"""A year of history for the demo's programme report: for each network about a dozen past
sessions (held, and some cancelled with a reason), invitations and sign-ups, who came and
who did not, anonymous evaluations (most held sessions with five answers or more, some with
fewer), group actions with their follow-up answers, and kennisbank items published from
what was said, with how often they were found useful. Firms of every size, in three
sectors, some coming back and some new during the year.

A third network (transport and logistics, the sector the pilot found hard to reach) is added
so the report for all networks compares sectors.

Deterministic: one seeded random generator and dates counted from today, so every load tells
the same story. Idempotent: a network that already has its history is left alone. Quick:
rows are written in bulk, without mails or tasks (this is the past).
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from demo.history.actions import _actions_and_items
from demo.history.invitations import _evaluations, _invitations
from demo.history.people import _ensure_third_network, _ondernemers
from demo.history.stories import (
    CANCEL_NOTES,
    CANCELLED,
    COORDINATOR,
    EXPERT,
    FIRST_DAYS_AGO,
    STEP_DAYS,
    STORIES,
    TRANSPORT_CANCELLED,
    TRANSPORT_NETWORK,
    NetworkStory,
)
from praktijktafel.models import Network, User
from sessions.agenda import DEFAULT_PHASES
from sessions.models import Phase, Series, Session
from sessions.services.agenda import phase_fields

SEED = 20260101


def _at(days_ago: int, start: time) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, start))


def _history_for(story: NetworkStory, people: dict[str, User], rng: random.Random) -> None:
    network = Network.objects.get(slug=story.slug)
    if Session.objects.filter(network=network, title=story.topics[0][0]).exists():
        return
    sector = network.sectors.order_by("pk").first()
    facilitator = people.get(story.facilitator) or User.objects.get(email=story.facilitator)
    expert = people.get(EXPERT) or User.objects.filter(email=EXPERT).first()
    series, _created = Series.objects.get_or_create(
        network=network,
        title=f"Jaarprogramma {network.name}",
        defaults={"sector": sector},
    )
    ondernemers = _ondernemers(story, network, rng)
    cancelled = TRANSPORT_CANCELLED if story.slug == TRANSPORT_NETWORK[1] else CANCELLED
    sessions = []
    for index, (title, theme) in enumerate(story.topics):
        reason = cancelled.get(index, "")
        sessions.append(
            Session(
                network=network,
                sector=sector,
                series=series,
                title=title,
                theme=theme,
                starts_at=_at(FIRST_DAYS_AGO - index * STEP_DAYS, story.start),
                venue_name=story.venue[0],
                address=story.venue[1],
                facilitator=facilitator,
                kennisexpert=expert,
                status=Session.Status.CANCELLED if reason else Session.Status.DONE,
                cancel_reason=reason,
                cancel_note=(CANCEL_NOTES[index % len(CANCEL_NOTES)] if reason == "other" else ""),
                invitations_sent_at=_at(FIRST_DAYS_AGO - index * STEP_DAYS + 21, time(9)),
            )
        )
    Session.objects.bulk_create(sessions)
    Phase.objects.bulk_create(
        Phase(session=s, position=position, **phase_fields(spec))
        for s in sessions
        for position, spec in enumerate(DEFAULT_PHASES, start=1)
    )
    invitations = _invitations(sessions, ondernemers, rng)
    _evaluations(sessions, invitations, rng)
    _actions_and_items(story, network, sessions, invitations, rng, people.get(COORDINATOR))


def load(*, people: dict[str, User]) -> None:
    rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
    _ensure_third_network(people)
    for story in STORIES:
        _history_for(story, people, rng)
