"""The privacy check on the live path: what is typed in the console or sent from a phone goes
through the kennisbank's check (emails, phone numbers, names of the network's people and
firms) before it can reach the projector, the summary or the kennisbank. An item with a
warning is held (not approved) until the facilitator edits it or confirms it."""

from __future__ import annotations

from kennisbank.privacy import Warning, privacy_warnings
from praktijktafel.models import User
from sessions.models import Session


def _names(network_id: int) -> tuple[list[str], list[str]]:
    """The network's people and their firms, in one query (the capture is the busiest write;
    kennisbank.services.participants_and_firms reads the same in two)."""
    rows = (
        User.objects.filter(memberships__network_id=network_id)
        .values_list("full_name", "organisation__name")
        .distinct()
    )
    people = sorted({name for name, _firm in rows if name})
    firms = sorted({firm for _name, firm in rows if firm})
    return people, firms


class LivePrivacy:
    """The check for one session; the network's names are read once, on first use."""

    def __init__(self, session: Session) -> None:
        self.network_id = session.network_id
        self._names: tuple[list[str], list[str]] | None = None

    def warnings(self, text: str) -> list[Warning]:
        if self._names is None:
            self._names = _names(self.network_id)
        people, firms = self._names
        return privacy_warnings(text, people=people, firms=firms)


def live_privacy_warnings(*, session: Session, text: str) -> list[Warning]:
    return LivePrivacy(session).warnings(text)
