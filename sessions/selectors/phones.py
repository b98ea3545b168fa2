"""Phone numbers as the team may see them: read only through the person's phone consent for
this network (a withdrawn consent hides a number at once, wherever it is shown, and a yes
given to another network counts for nothing here), and written the way people in the
Netherlands read them."""

from __future__ import annotations

from collections.abc import Iterable

from praktijktafel.consent import consenting
from praktijktafel.models import Consent, Network, network_pk
from sessions.models import ContactPreference


def phone_numbers(person_ids: Iterable[int], *, network: Network | int) -> dict[int, str]:
    """The phone numbers of these people who said yes to the PHONE consent for `network`
    (two queries).

    The one way for a network to read a number: a withdrawn consent hides it at once,
    wherever it is shown, and a yes given to another network counts for nothing here."""
    ids = [pk for pk in person_ids if pk]
    allowed = consenting(ids, Consent.Kind.PHONE, network=network)
    if not allowed:
        return {}
    return {
        person_id: phone
        for person_id, phone in ContactPreference.objects.filter(
            person_id__in=allowed, network_id=network_pk(network)
        ).values_list("person_id", "phone")
        if phone
    }


def prefers_call(person_ids: Iterable[int], *, network: Network | int) -> set[int]:
    """Who would rather be called, among those who gave `network` their phone consent."""
    allowed = consenting(list(person_ids), Consent.Kind.PHONE, network=network)
    if not allowed:
        return set()
    return set(
        ContactPreference.objects.filter(
            person_id__in=allowed, network_id=network_pk(network), prefers_call=True
        ).values_list("person_id", flat=True)
    )


def phone_display(phone: str) -> str:
    """+31612345678 as 06 1234 5678, the way people in the Netherlands read a number."""
    if phone.startswith("+316") and len(phone) == 12:
        return f"06 {phone[4:8]} {phone[8:]}"
    if phone.startswith("+31"):
        return "0" + phone[3:]
    return phone


def tel_url(phone: str) -> str:
    return "tel:" + phone


class ShownPhone:
    """For a row that carries a consented `phone` (or None): the number as people read it
    and as a link that dials it."""

    phone: str | None

    @property
    def tel(self) -> str:
        return tel_url(self.phone) if self.phone else ""

    @property
    def phone_shown(self) -> str:
        return phone_display(self.phone) if self.phone else ""
