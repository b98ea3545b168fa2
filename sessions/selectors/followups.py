"""Reads of the follow-ups between sessions: who asked for help with an action."""

from __future__ import annotations

from dataclasses import dataclass

from praktijktafel.models import Network
from sessions.models import ActionCheck
from sessions.selectors.turnout import phone_display, phone_numbers, tel_url


@dataclass
class HelpRequest:
    check: ActionCheck
    phone: str | None

    @property
    def name(self) -> str:
        return self.check.invitation.shown_name

    @property
    def tel(self) -> str:
        return tel_url(self.phone) if self.phone else ""

    @property
    def phone_shown(self) -> str:
        return phone_display(self.phone) if self.phone else ""


def help_requests(*, network: Network) -> list[HelpRequest]:
    """Owners who answered "help needed" about an action of this network's sessions and whom
    no coordinator has taken up yet; a phone number only with the person's consent. Two
    queries, whatever the number."""
    checks = list(
        ActionCheck.objects.filter(
            action__session__network=network,
            answer=ActionCheck.Answer.HELP,
            help_handled_at__isnull=True,
        )
        .select_related("action__session", "invitation__person")
        .order_by("answered_at", "pk")
    )
    phones = phone_numbers({c.invitation.person_id for c in checks}, network=network)
    return [HelpRequest(c, phones.get(c.invitation.person_id)) for c in checks]
