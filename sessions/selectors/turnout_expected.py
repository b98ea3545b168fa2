"""The expected number present at a session, from the network's own history of who came
after signing up (and, from a few sign-ups on, each person's own). A person's own turnout
is for coordinators only."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sessions.models import Invitation, Session

CAME = (Invitation.Attendance.PRESENT, Invitation.Attendance.LATE)
# Fewer sign-ups with a recorded attendance than this, and the network has no history yet.
MIN_NETWORK_HISTORY = 10
# A person is counted with their own rate from this many recorded sign-ups.
MIN_PERSON_HISTORY = 3
# Without history: eight in ten who sign up for a free evening session come. A cautious
# figure; the pilot lost a session to drop-outs, so we do not assume everyone comes.
DEFAULT_RATE = 0.8


@dataclass(frozen=True)
class History:
    """Sign-ups with a recorded attendance in the network's earlier sessions."""

    confirmed: int = 0
    came: int = 0
    sessions: int = 0
    per_person: dict[int, tuple[int, int]] = field(default_factory=dict)  # pk → (signed, came)

    @property
    def enough(self) -> bool:
        return self.confirmed >= MIN_NETWORK_HISTORY

    @property
    def rate(self) -> float:
        return self.came / self.confirmed if self.enough else DEFAULT_RATE

    def person_rate(self, person_id: int) -> float:
        signed, came = self.per_person.get(person_id, (0, 0))
        if signed >= MIN_PERSON_HISTORY:
            return came / signed
        return self.rate

    def explanation(self) -> str:
        if not self.enough:
            return _(
                "This network has too little history yet (%(n)d sign-ups with attendance "
                "recorded), so we count on 8 in 10 coming, a cautious figure for a free "
                "evening session, until its own figures are in."
            ) % {"n": self.confirmed}
        return _(
            "Expected: in this network %(pct)d%% of those who signed up actually came "
            "(%(came)d of %(signed)d at %(sessions)d earlier sessions); someone who signed up "
            "%(min)d times or more counts with their own turnout."
        ) % {
            "pct": round(self.rate * 100),
            "came": self.came,
            "signed": self.confirmed,
            "sessions": self.sessions,
            "min": MIN_PERSON_HISTORY,
        }


def turnout_history(*, network_id: int, now=None) -> History:
    """The network's history in two queries, whatever its size."""
    now = now or timezone.now()
    recorded = Invitation.objects.filter(
        session__network_id=network_id,
        session__starts_at__lt=now,
        status=Invitation.Status.CONFIRMED,
    ).exclude(attendance="")
    recorded = recorded.exclude(session__status=Session.Status.CANCELLED)
    per_person = {
        row["person_id"]: (row["n"], row["came"])
        for row in recorded.order_by()
        .values("person_id")
        .annotate(n=Count("pk"), came=Count("pk", filter=Q(attendance__in=CAME)))
    }
    sessions = recorded.order_by().aggregate(n=Count("session", distinct=True))["n"]
    return History(
        confirmed=sum(n for n, _came in per_person.values()),
        came=sum(came for _n, came in per_person.values()),
        sessions=sessions,
        per_person=per_person,
    )


@dataclass(frozen=True)
class Expected:
    signed_up: int
    expected: int

    def label(self) -> str:
        return _("%(n)d signed up, expected %(e)d") % {"n": self.signed_up, "e": self.expected}


def expected_for(history: History, confirmed_person_ids: list[int]) -> Expected:
    total = sum(history.person_rate(pk) for pk in confirmed_person_ids)
    return Expected(signed_up=len(confirmed_person_ids), expected=round(total))


def expected_turnout(
    *, sessions: list[Session], history: History | None = None
) -> dict[int, Expected]:
    """The expected number present per session (one query plus the history)."""
    if not sessions:
        return {}
    history = history or turnout_history(network_id=sessions[0].network_id)
    confirmed: dict[int, list[int]] = {s.pk: [] for s in sessions}
    for session_id, person_id in Invitation.objects.filter(
        session__in=[s.pk for s in sessions], status=Invitation.Status.CONFIRMED
    ).values_list("session_id", "person_id"):
        confirmed[session_id].append(person_id)
    return {pk: expected_for(history, ids) for pk, ids in confirmed.items()}
