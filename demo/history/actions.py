"""What came out of the past sessions: group actions with their follow-up answers, tips, and
solutions published in the kennisbank."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from demo.history.invitations import _came
from demo.history.stories import FOLLOWUP_ANSWERS, NetworkStory
from kennisbank import services as kb
from kennisbank.models import Solution
from praktijktafel.models import Network, User
from sessions.models import ActionCheck, Capture, Invitation, Session


def _actions_and_items(
    story: NetworkStory,
    network: Network,
    sessions: list[Session],
    invitations: dict[int, list[Invitation]],
    rng: random.Random,
    author: User | None,
) -> None:
    """Two group actions per held session, each with one owner who got the follow-up mail
    and (mostly) answered it; a tip and a solution, some of which went to the kennisbank."""
    held = [s for s in sessions if s.status == Session.Status.DONE]
    captures = []
    owners: list[Invitation] = []
    solutions: list[Capture] = []
    for index, session in enumerate(held):
        came = _came(invitations[session.pk])
        for offset in range(2 if came else 0):
            owner = came[(index + offset) % len(came)]
            captures.append(
                Capture(
                    session=session,
                    client_id=uuid.uuid4(),
                    kind=Capture.Kind.GROUP_ACTION,
                    text=story.actions[(index + offset * 3) % len(story.actions)],
                    theme=session.theme,
                    owner=owner.person.full_name,
                )
            )
            owners.append(owner)
        captures.append(
            Capture(
                session=session,
                client_id=uuid.uuid4(),
                kind=Capture.Kind.TIP,
                text=f"Tip uit de tafel over {session.title.lower().rstrip('?')}",
                theme=session.theme,
            )
        )
        # Spread over the year, so most quarters have an item from a session.
        if index % 3 == 1 and index // 3 < len(story.solutions):
            solution = Capture(
                session=session,
                client_id=uuid.uuid4(),
                kind=Capture.Kind.SOLUTION,
                text=story.solutions[index // 3][0],
                theme=session.theme,
            )
            captures.append(solution)
            solutions.append(solution)
    Capture.objects.bulk_create(captures)
    checks = []
    actions = [c for c in captures if c.kind == Capture.Kind.GROUP_ACTION]
    for position, (action, owner) in enumerate(zip(actions, owners, strict=True)):
        sent = action.session.starts_at + timedelta(days=14)
        answer = FOLLOWUP_ANSWERS[(position + rng.randint(0, 5)) % len(FOLLOWUP_ANSWERS)]
        checks.append(
            ActionCheck(
                action=action,
                invitation=owner,
                sent_at=sent,
                answer=answer,
                answered_at=sent + timedelta(days=rng.randint(0, 4)) if answer else None,
            )
        )
    ActionCheck.objects.bulk_create(checks)
    summaries = dict(story.solutions)
    for capture in solutions:
        item = kb.solution_create(
            network=network,
            user=author,
            origin=f"capture:{capture.pk}",
            title=capture.text,
            summary=summaries[capture.text],
            themes=[capture.theme],
            sector_ids=[capture.session.sector_id],
            source_sector=capture.session.sector,
        )
        kb.solution_publish(solution=item, user=author, privacy_confirmed=True)
        published = capture.session.starts_at + timedelta(days=rng.randint(7, 20))
        Solution.objects.filter(pk=item.pk).update(
            published_at=published, reviewed_at=published, useful_count=rng.randint(2, 30)
        )
        Capture.objects.filter(pk=capture.pk).update(promoted_at=published)
