"""Who was invited to the past sessions, who signed up, who came, and their evaluations."""

from __future__ import annotations

import random
from datetime import timedelta

from demo.history.stories import REMARKS
from praktijktafel.models import User
from sessions.models import Evaluation, Invitation, Session


def _invitations(
    sessions: list[Session], ondernemers: list[User], rng: random.Random
) -> dict[int, list[Invitation]]:
    """Per session 10-14 invited; the later in the year, the more of the newer people (new
    firms joining); sign-ups, declines and silence; who came, was late or did not show."""
    rows = []
    for index, session in enumerate(sessions):
        # Eight people at first; the others join over the year (new firms in the report).
        pool = ondernemers[: 8 + index]
        invited = rng.sample(pool, min(len(pool), rng.randint(11, 14)))
        held = session.status == Session.Status.DONE
        if session.cancel_reason == "too_few":
            signed_up = rng.randint(2, session.quorum - 1)
        else:
            signed_up = rng.randint(8, 11)
        # Of those who signed up for a held session: up to three stay away, some come late.
        no_shows = rng.choice([0, 1, 1, 2, 2, 3]) if held else 0
        for position, person in enumerate(invited):
            if position < signed_up:
                status = Invitation.Status.CONFIRMED
                if not held:
                    attendance = ""
                elif position < no_shows:
                    attendance = Invitation.Attendance.ABSENT
                elif rng.random() < 0.12:
                    attendance = Invitation.Attendance.LATE
                else:
                    attendance = Invitation.Attendance.PRESENT
            else:
                status = rng.choice([Invitation.Status.DECLINED, Invitation.Status.INVITED])
                attendance = ""
            answered = status != Invitation.Status.INVITED
            rows.append(
                Invitation(
                    session=session,
                    person=person,
                    status=status,
                    attendance=attendance,
                    responded_at=(
                        session.starts_at - timedelta(days=rng.randint(2, 18)) if answered else None
                    ),
                    confirmed_at=(
                        session.starts_at - timedelta(days=rng.randint(2, 18))
                        if status == Invitation.Status.CONFIRMED
                        else None
                    ),
                )
            )
    Invitation.objects.bulk_create(rows)
    found: dict[int, list[Invitation]] = {}
    for row in rows:
        found.setdefault(row.session_id, []).append(row)
    return found


def _came(invitations: list[Invitation]) -> list[Invitation]:
    came = (Invitation.Attendance.PRESENT, Invitation.Attendance.LATE)
    return [i for i in invitations if i.attendance in came]


def _evaluations(
    sessions: list[Session], invitations: dict[int, list[Invitation]], rng: random.Random
) -> None:
    """Most held sessions get five answers or more; every fifth fewer (nothing shown)."""
    rows = []
    held = [s for s in sessions if s.status == Session.Status.DONE]
    for index, session in enumerate(held):
        came = len(_came(invitations[session.pk]))
        count = rng.randint(2, 4) if index % 5 == 2 else rng.randint(min(5, came), came)
        for _i in range(count):
            useful = rng.choices([2, 3, 4, 5], weights=[1, 3, 6, 4])[0]
            again = rng.choices(["yes", "maybe", "no"], weights=[7, 2, 1])[0]
            rows.append(
                Evaluation(
                    session=session,
                    useful=useful,
                    come_again=again,
                    remark=rng.choice(REMARKS),
                )
            )
    Evaluation.objects.bulk_create(rows)
