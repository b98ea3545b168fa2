"""The privacy check on the live path: what is typed in the console or sent from a phone goes
through the kennisbank's check (contact details, names of anyone, health and absence) before
it can reach the projector, the summary (page and mail) or the kennisbank. An item with a
warning is held (not approved) until the facilitator edits it or, in a second step, releases
it knowing where it goes."""

from __future__ import annotations

import functools

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from kennisbank.privacy import PrivacyWarning, privacy_warnings
from praktijktafel.models import User
from sessions.models import KNELPUNT, Capture, Session


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

    def warnings(self, text: str) -> list[PrivacyWarning]:
        if self._names is None:
            self._names = _names(self.network_id)
        people, firms = self._names
        return list(_warnings(text, _shared(tuple(people)), _shared(tuple(firms)), get_language()))


@functools.lru_cache(maxsize=64)
def _shared(names: tuple[str, ...]) -> tuple[str, ...]:
    """The first equal tuple seen: every remembered answer below refers to one copy of a
    network's names, not to a copy per request."""
    return names


@functools.lru_cache(maxsize=4096)
def _warnings(
    text: str, people: tuple[str, ...], firms: tuple[str, ...], language: str | None
) -> tuple[PrivacyWarning, ...]:
    """The check is pure: the same text against the same names gives the same warnings. The
    console's held items are checked again with every refresh of its lists, so each worker
    remembers the answers (the messages are in the asker's language)."""
    return tuple(privacy_warnings(text, people=people, firms=firms))


def live_privacy_warnings(*, session: Session, text: str) -> list[PrivacyWarning]:
    return LivePrivacy(session).warnings(text)


# Where a held item goes once released, by its kind: a case never reaches the projector, so
# releasing it really decides whether it goes into the summary mailed to the group.
ON_PROJECTOR = {KNELPUNT, Capture.Kind.GROUP_ACTION}
IN_SUMMARY = {
    KNELPUNT,
    Capture.Kind.CASE,
    Capture.Kind.TIP,
    Capture.Kind.SOLUTION,
    Capture.Kind.GROUP_ACTION,
    Capture.Kind.SOURCE,
    Capture.Kind.CONTACT,
}
TO_KENNISBANK = {Capture.Kind.TIP, Capture.Kind.SOLUTION}
# The quarterly update (to the whole network) lists the most recognised bottlenecks by text.
IN_QUARTERLY = {KNELPUNT}


def release_reach(*, kind: str, recipients: int) -> list[str]:
    """What releasing an item of `kind` does, per channel, with the real number of people the
    summary goes to (`kind`: KNELPUNT or a Capture.Kind)."""
    reach = []
    if kind in ON_PROJECTOR:
        reach.append(_("goes on the projector"))
    if kind in IN_SUMMARY:
        reach.append(
            ngettext(
                "goes into the summary mailed to %(count)d participant",
                "goes into the summary mailed to %(count)d participants",
                recipients,
            )
            % {"count": recipients}
        )
    if kind in TO_KENNISBANK:
        reach.append(_("can then go to the kennisbank as a draft"))
    if kind in IN_QUARTERLY:
        reach.append(_("can come in the quarterly update for the whole network"))
    return reach or [_("stays here in the console only")]
