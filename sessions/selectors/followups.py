"""Reads of the follow-ups between sessions: whose action it is, what each follow-up mail
brought, and who asked for help."""

from __future__ import annotations

from dataclasses import dataclass

from praktijktafel.models import Network
from sessions.models import ActionCheck, Capture, Invitation, Session
from sessions.selectors.phones import ShownPhone, phone_numbers
from sessions.selectors.sessions import attendees

FOLLOWED_KINDS = (Capture.Kind.ACTION, Capture.Kind.GROUP_ACTION)


def _name_key(name: str) -> str:
    return " ".join((name or "").split()).casefold()


def _names(invitation: Invitation) -> set[str]:
    """The names an invitee is known by to the team: only as typed while they have not
    joined (the account's own name is not the team's to match on)."""
    names = {_name_key(invitation.shown_name)}
    if not invitation.joins_network:
        names.add(_name_key(invitation.person.full_name))
    return names - {""}


def action_owner(action: Capture, invitations: list[Invitation]) -> Invitation | None:
    """The invitee an action belongs to: the person linked to it, else the one invitee whose
    name is its owner. None when nobody matches, or more than one does: a follow-up never
    goes to a namesake by guess."""
    if action.person_id:
        return next((i for i in invitations if i.person_id == action.person_id), None)
    key = _name_key(action.owner)
    if not key:
        return None
    matches = [i for i in invitations if key in _names(i)]
    return matches[0] if len(matches) == 1 else None


@dataclass
class HelpRequest(ShownPhone):
    check: ActionCheck
    phone: str | None

    @property
    def name(self) -> str:
        return self.check.invitation.shown_name


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


@dataclass
class FollowUpLine:
    action: Capture
    owner: str  # the name the team sees, "" when no owner was found
    check: ActionCheck | None

    @property
    def state(self) -> str:
        if self.check is None:
            return "no_owner" if not self.owner else "planned"
        if self.check.answer:
            return "answered"
        return "sent" if self.check.sent_at else "planned"


def followup_lines(*, session: Session) -> list[FollowUpLine]:
    """For the team after the session: which action gets a follow-up mail, to whom, and what
    came back; and which gets none because no single invitee is its owner (so nothing is
    dropped without anyone seeing it). Three queries."""
    invitations = attendees(session)
    actions = list(
        Capture.objects.filter(session=session, kind__in=FOLLOWED_KINDS, approved=True)
        .select_related("followup_mail__invitation__person")
        .order_by("kind", "created_at", "pk")
    )
    lines = []
    for action in actions:
        check = getattr(action, "followup_mail", None)
        if check is not None:
            owner = check.invitation.shown_name
        else:
            found = action_owner(action, invitations)
            owner = found.shown_name if found is not None else ""
        lines.append(FollowUpLine(action, owner, check))
    return lines
