"""Odd bytes in an address get a clear answer in Dutch, never a server error."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

# Found by fuzzing GET parameters and path segments: each of these was a 500.
ODD_ADDRESSES = [
    "/kennisbank/?q=a%00b",
    "/kennisbank/?tag=%00",
    "/kennisbank/?grootte=%00",
    "/kennisbank/?sector=%00",
    "/t/%00/",
    "/sectordata/tabel/%00.csv",
    "/?%00=1",
    "/kennisbank/?q=%01%02",
]


@pytest.mark.parametrize("address", ODD_ADDRESSES)
def test_control_characters_in_an_address_get_a_dutch_400(client, ondernemer, address):
    client.force_login(ondernemer)
    response = client.get(address)
    assert response.status_code == 400
    assert "We kunnen dit adres niet lezen" in response.text


def test_ordinary_addresses_still_work(client, ondernemer):
    client.force_login(ondernemer)
    assert client.get("/kennisbank/?q=verzuim%20en%20werkdruk").status_code == 200


def test_direction_overrides_and_control_characters_never_reach_stored_text(
    client, ondernemer, network
):
    from praktijktafel.middleware import clean_typed_text

    assert clean_typed_text("Henk\u202e knil\x02 \x03x\tja\nnee") == "Henk knil x\tja\nnee"
    # Through a real form: the RSVP note, the capture text, a title all go through POST.
    from django.test import RequestFactory

    from praktijktafel.middleware import UnreadableInputMiddleware

    seen = {}

    def view(request):
        seen.update(request.POST.dict())
        return None

    request = RequestFactory().post("/x/", {"text": "abc\u202edef\x00"})
    UnreadableInputMiddleware(view)(request)
    assert seen["text"] == "abcdef"


def test_a_line_break_in_a_title_never_reaches_a_mail_header():
    from praktijktafel.mail import header_text

    assert header_text("Tafel\r\nBcc: iedereen@example.org") == "Tafel Bcc: iedereen@example.org"
    assert header_text("  Tafel\u2028 in Ede ") == "Tafel in Ede"
