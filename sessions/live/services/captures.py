"""What the group shares during a session: bottlenecks (knelpunten) and the other captures
(tips, solutions, contacts, ...), their follow-up and their way into the kennisbank."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kennisbank import services as kennisbank_services
from praktijktafel.consent import latest_answer
from praktijktafel.dates import quarter_code, quarter_containing
from praktijktafel.models import Consent, User
from sessions.live.limits import CAPTURE_MAX, KNELPUNT_MAX, OWNER_MAX
from sessions.live.selectors.privacy import ON_PROJECTOR, live_privacy_warnings
from sessions.live.services.state import (
    live_state_bump,
    live_state_lock,
    text_clean,
)
from sessions.models import (
    KNELPUNT,
    ActionFollowUp,
    Capture,
    Knelpunt,
    Session,
)


def _on_screen(item: Knelpunt | Capture) -> bool:
    """Whether the projector shows this item (while its phase is on): released bottlenecks
    and group actions. A write that changes no such item leaves its screen as it is."""
    kind = KNELPUNT if isinstance(item, Knelpunt) else item.kind
    return item.approved and kind in ON_PROJECTOR


def _shown_at_once(session: Session, text: str, from_phone: bool) -> bool:
    """Typed in the console and without a privacy warning: straight to the lists and the
    projector. From a phone, or pointing to a person: held until the facilitator looks."""
    return not from_phone and not live_privacy_warnings(session=session, text=text)


@transaction.atomic
def knelpunt_add(
    *, session: Session, client_id: UUID, text: str, theme: str = "", from_phone: bool = False
) -> tuple[Knelpunt, bool]:
    """Add a bottleneck; the same client id twice gives the same row (a retried request)."""
    live = live_state_lock(session)
    existing = Knelpunt.objects.filter(session=session, client_id=client_id).first()
    if existing is not None:
        return existing, False
    text = text_clean(text, KNELPUNT_MAX)
    item = Knelpunt.objects.create(
        session=session,
        client_id=client_id,
        text=text,
        theme=theme,
        from_phone=from_phone,
        approved=_shown_at_once(session, text, from_phone),
    )
    live_state_bump(live, on_screen=_on_screen(item))
    return item, True


def _checked_after_edit(item: Knelpunt | Capture) -> bool:
    """After the facilitator edits an item: a phone item not yet shown stays held until they
    press "Tonen" (correcting someone else's words is not approving them); the facilitator's
    own typed item is shown once the edit leaves no privacy warning; any item edited to carry
    a name or health detail leaves the screen. Call before `approved` is changed."""
    if item.from_phone and not item.approved:
        return False
    return not live_privacy_warnings(session=item.session, text=item.text)


@transaction.atomic
def knelpunt_update(
    *,
    knelpunt: Knelpunt,
    text: str | None = None,
    theme: str | None = None,
    recognition: int | None = None,
) -> Knelpunt:
    live = live_state_lock(knelpunt.session)
    was_shown = _on_screen(knelpunt)
    if text is not None:
        knelpunt.text = text_clean(text, KNELPUNT_MAX)
        knelpunt.approved = _checked_after_edit(knelpunt)
    if theme is not None:
        knelpunt.theme = theme
    if recognition is not None:
        knelpunt.recognition = max(0, min(99, recognition))
    knelpunt.full_clean()
    knelpunt.save()
    live_state_bump(live, on_screen=was_shown or _on_screen(knelpunt))
    return knelpunt


def _only_a_contact_names_a_person(kind: str, person: User | None) -> None:
    # The console shows a named person's name and address: only a contact, who agreed.
    if person is not None and kind != Capture.Kind.CONTACT:
        raise ValidationError(
            _("Only a contact names a person: choose the kind Contact, or no one as contact.")
        )


@transaction.atomic
def capture_add(
    *,
    session: Session,
    client_id: UUID,
    kind: str,
    text: str,
    theme: str = "",
    owner: str = "",
    person: User | None = None,
    from_phone: bool = False,
) -> tuple[Capture, bool]:
    live = live_state_lock(session)
    existing = Capture.objects.filter(session=session, client_id=client_id).first()
    if existing is not None:
        return existing, False
    if kind not in Capture.Kind.values:
        raise ValidationError(_("Unknown kind of item."))
    _only_a_contact_names_a_person(kind, person)
    if (
        kind == Capture.Kind.CONTACT
        and person is not None
        and not latest_answer(person, Consent.Kind.SHARE_CONTACT, network=session.network_id)
    ):
        raise ValidationError(
            _("%(name)s has not agreed to share contact details.") % {"name": person}
        )
    text = text_clean(text, CAPTURE_MAX)
    item = Capture.objects.create(
        session=session,
        client_id=client_id,
        kind=kind,
        text=text,
        theme=theme,
        owner=(owner or "").strip()[:OWNER_MAX],
        person=person,
        from_phone=from_phone,
        approved=_shown_at_once(session, text, from_phone),
    )
    live_state_bump(live, on_screen=_on_screen(item))
    return item, True


@transaction.atomic
def capture_update(
    *, capture: Capture, text: str | None = None, owner: str | None = None, theme: str | None = None
) -> Capture:
    live = live_state_lock(capture.session)
    was_shown = _on_screen(capture)
    if text is not None:
        capture.text = text_clean(text, CAPTURE_MAX)
        capture.approved = _checked_after_edit(capture)
    if owner is not None:
        capture.owner = owner.strip()[:OWNER_MAX]
    if theme is not None:
        capture.theme = theme
    capture.full_clean()
    capture.save()
    live_state_bump(live, on_screen=was_shown or _on_screen(capture))
    return capture


def item_add(
    *,
    session: Session,
    client_id: UUID,
    kind: str,
    text: str,
    theme: str = "",
    owner: str = "",
    person: User | None = None,
    from_phone: bool = False,
) -> tuple[Knelpunt | Capture, bool]:
    """Add a knelpunt (kind KNELPUNT) or a capture of any other kind; the same client id
    twice gives the same row. A knelpunt has no owner or person: it is anonymous."""
    if kind == KNELPUNT:
        _only_a_contact_names_a_person(kind, person)
        return knelpunt_add(
            session=session, client_id=client_id, text=text, theme=theme, from_phone=from_phone
        )
    return capture_add(
        session=session,
        client_id=client_id,
        kind=kind,
        text=text,
        theme=theme,
        owner=owner,
        person=person,
        from_phone=from_phone,
    )


def item_text_update(*, item: Knelpunt | Capture, text: str) -> Knelpunt | Capture:
    if isinstance(item, Knelpunt):
        return knelpunt_update(knelpunt=item, text=text)
    return capture_update(capture=item, text=text)


@transaction.atomic
def item_delete(*, item: Knelpunt | Capture) -> None:
    live = live_state_lock(item.session)
    shown = _on_screen(item)
    item.delete()
    live_state_bump(live, on_screen=shown)


class ReleaseNotConfirmed(ValidationError):
    """Releasing an item with a privacy warning takes a second, deliberate step."""


@transaction.atomic
def item_approve(*, item: Knelpunt | Capture, confirmed: bool = False) -> None:
    """Release a held item. One with a privacy warning only when `confirmed`: the facilitator
    has seen where it goes (the projector, the summary mailed to the group, the kennisbank)."""
    if not confirmed and live_privacy_warnings(session=item.session, text=item.text):
        raise ReleaseNotConfirmed(
            _("This may point to a person: edit it, or confirm that it may go out.")
        )
    live = live_state_lock(item.session)
    item.approved = True
    item.save(update_fields=["approved"])
    live_state_bump(live, on_screen=_on_screen(item))


@transaction.atomic
def capture_promote(*, capture: Capture) -> Capture:
    """Offer a tip or solution to the kennisbank: it becomes a draft there, with the
    session's sector and quarter as its source and no names. Promoting twice changes nothing."""
    if capture.kind not in (Capture.Kind.TIP, Capture.Kind.SOLUTION):
        raise ValidationError(_("Only tips and solutions go to the kennisbank."))
    if not capture.approved:
        raise ValidationError(_("Check this item in the console first: it is still held back."))
    session = Session.objects.select_related("network", "sector").get(pk=capture.session_id)
    kennisbank_services.draft_from_capture(
        network=session.network,
        text=capture.text,
        kind_label=str(Capture.Kind(capture.kind).label).lower(),
        theme=capture.theme or session.theme,
        sector=session.sector,
        quarter=quarter_code(*quarter_containing(session.starts_at)),
        origin=f"capture:{capture.pk}",
    )
    if capture.promoted_at is None:
        capture.promoted_at = timezone.now()
        capture.save(update_fields=["promoted_at"])
    return capture


@transaction.atomic
def followup_mark(*, action: Capture, session: Session, status: str) -> ActionFollowUp:
    if status not in ActionFollowUp.Status.values:
        raise ValidationError(_("Unknown status."))
    live = live_state_lock(session)
    followup, _created = ActionFollowUp.objects.update_or_create(
        action=action, reviewed_in=session, defaults={"status": status}
    )
    live_state_bump(live)  # another console tab shows the look-back too
    return followup
