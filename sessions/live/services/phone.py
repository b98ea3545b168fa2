"""What a participant sends from the phone page: a knelpunt or their own action, and, if
they ask, that action in their mailbox.

The phone page has no login, so the typed address proves nothing. To keep it from relaying
mail (anyone's text from our address to any address), the action goes only to the address of
someone invited to this session, compared with the address on the invitation; the page answers
the same whatever the address, so it tells nobody who is invited. Mails are counted per typed
address and per session in the rate counters, never per device cookie (a client need not send
it back). The item and its mail are one transaction keyed by the form's client id: a retried
post finds the item and mails nothing again."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from praktijktafel.ratelimit import limit_reached
from sessions import tasks
from sessions.live.limits import (
    PHONE_MAIL_WINDOW,
    PHONE_MAILS_PER_ADDRESS,
    PHONE_MAILS_PER_SESSION,
    PHONE_TEXT_MAX,
)
from sessions.live.services.captures import item_add
from sessions.live.services.state import text_clean
from sessions.models import Capture, Invitation, Knelpunt, PhoneActionMail, Session
from sessions.services.followups import action_check_for_phone


def _mail_counted(session: Session, address: str) -> None:
    """Count one mail for this address and session, or refuse when either is used up. Counted
    in this transaction: a refusal rolls back the count before it, and so does a failed post."""
    if limit_reached(
        "phone-mail",
        f"{session.pk}|address|{address}",
        limit=PHONE_MAILS_PER_ADDRESS,
        window=PHONE_MAIL_WINDOW,
    ):
        raise ValidationError(
            _(
                "%(count)s actions of this session were already sent to this address. Leave "
                "the address empty to just add your action."
            )
            % {"count": PHONE_MAILS_PER_ADDRESS}
        )
    if limit_reached(
        "phone-mail",
        f"{session.pk}|session",
        limit=PHONE_MAILS_PER_SESSION,
        window=PHONE_MAIL_WINDOW,
    ):
        raise ValidationError(
            _(
                "No more actions can be mailed from this session. Leave the address empty to "
                "just add your action."
            )
        )


def _invited(session: Session, address: str) -> Invitation | None:
    """The invitation to this session whose address matches, else None. Someone who
    declined counts only when they were there after all."""
    return (
        Invitation.objects.filter(session=session, person__email__iexact=address)
        .filter(~Q(status=Invitation.Status.DECLINED) | Q(attendance__in=Invitation.ATTENDED))
        .select_related("person")
        .first()
    )


def phone_item_add(
    *, session: Session, client_id: UUID, kind: str, text: str, email: str = ""
) -> tuple[Knelpunt | Capture, bool]:
    """Store a knelpunt or own action from a phone and, for a new action with an address,
    queue its mail. Refused as a whole (nothing stored) when the mail limit is reached."""
    address = (email or "").strip().lower()
    if kind != Capture.Kind.ACTION or not address:
        # Nothing to mail: the item's own transaction is the whole write (a transaction
        # around it would only add a savepoint to every phone post).
        return item_add(session=session, client_id=client_id, kind=kind, text=text, from_phone=True)
    with transaction.atomic():
        item, created = item_add(
            session=session, client_id=client_id, kind=kind, text=text, from_phone=True
        )
        if not created:
            return item, created
        _mail_counted(session, address)
        invited = _invited(session, address)
        if invited is not None and invited.person.email and isinstance(item, Capture):
            _action_mail(session=session, text=item.text, email=invited.person.email)
            # The address is that invitee's: they own this action and get its follow-up mail.
            action_check_for_phone(action=item, invitation=invited)
    return item, created


def _action_mail(*, session: Session, text: str, email: str) -> None:
    """The address waits in a row of its own until the mail is sent (or given up), then that
    row is deleted; the task only knows the row's random id, so the address never reaches the
    task table."""
    row = PhoneActionMail.objects.create(
        session=session, text=text_clean(text, PHONE_TEXT_MAX), email=email
    )
    row_id = str(row.pk)
    transaction.on_commit(lambda: tasks.send_action_mail.enqueue(row_id))
