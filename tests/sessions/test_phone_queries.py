"""What a phone costs the server in a live session: a room of phones posts at once, so the
page and the post each need a fixed, small number of queries, whatever the cache backend
(the rate limits are one statement each, praktijktafel.ratelimit)."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse

from sessions.live.services.run import live_start, phones_toggle
from sessions.models import Capture, Invitation, Knelpunt, LiveState, PhoneActionMail
from tests.factories import InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone_url(session):
    live_start(session=session)
    phones_toggle(session=session, enabled=True)
    return reverse("sessions:phone", args=[LiveState.objects.get(session=session).phone_code])


def _post(client, url, **data):
    data = {"client_id": str(uuid.uuid4()), "kind": "knelpunt", "text": "Te veel regels", **data}
    return client.post(url, data)


def test_the_phone_page_is_one_query(client, phone_url, django_assert_num_queries):
    with django_assert_num_queries(1):  # the running session its code opens
        assert client.get(phone_url).status_code == 200


def test_a_phone_post_is_nine_queries(client, phone_url, django_assert_num_queries):
    client.get(phone_url)  # the device cookie, as a phone has it
    _post(client, phone_url)  # the rate counters exist from now on
    # The live state; the device's and the address's limit (one upsert each); the item's
    # transaction: lock, the retry check, the item, the version, and its begin and end.
    with django_assert_num_queries(9):
        assert _post(client, phone_url, text="Geen monteurs").status_code == 302
    assert Knelpunt.objects.filter(text="Geen monteurs").count() == 1


def test_a_phone_post_without_the_cookie_costs_the_same(
    client, phone_url, django_assert_num_queries
):
    with django_assert_num_queries(9):
        assert _post(client, phone_url).status_code == 302


def test_a_refused_post_stops_after_the_limits(
    client, phone_url, monkeypatch, django_assert_num_queries
):
    from sessions.live.views import phone as phone_views

    monkeypatch.setattr(phone_views, "PHONE_RATE_DEVICE", 1)
    client.get(phone_url)
    _post(client, phone_url)
    with django_assert_num_queries(2):  # the live state and the device's limit
        assert _post(client, phone_url).status_code == 429


def test_a_mailed_action_adds_only_its_mail(client, session, phone_url, django_assert_num_queries):
    person = UserFactory(email="henk@bouwbedrijf.example")
    InvitationFactory(session=session, person=person, status=Invitation.Status.CONFIRMED)
    client.get(phone_url)
    # The post's nine, a transaction around the item and its mail, the two mail limits, the
    # invitation, the mail's row and the action's owner (its get_or_create).
    with django_assert_num_queries(19):
        response = _post(client, phone_url, kind="action", text="Ik bel", email=person.email)
    assert response.status_code == 302
    assert Capture.objects.filter(text="Ik bel").count() == 1
    assert PhoneActionMail.objects.count() == 1


def test_broken_posts_do_not_use_up_the_rooms_allowance(client, phone_url, monkeypatch):
    """Phones at a venue share one address: empty or broken posts, which store nothing, must
    not count against the limits, or one person could lock every phone out."""
    from sessions.live.views import phone as phone_views

    monkeypatch.setattr(phone_views, "PHONE_RATE_DEVICE", 3)
    monkeypatch.setattr(phone_views, "PHONE_RATE_IP", 3)
    client.get(phone_url)
    for _ in range(10):
        assert client.post(phone_url, {"client_id": "kapot", "text": ""}).status_code == 422
    assert _post(client, phone_url, text="Wel een echt knelpunt").status_code == 302
    assert Knelpunt.objects.filter(text="Wel een echt knelpunt").count() == 1


def test_the_phone_form_says_what_to_fix_and_keeps_what_was_typed(client, phone_url):
    """The fields are written out in the template (phone.html): every error is shown next to
    its field and named by it, the typed text comes back escaped, and the help text the
    address field points to exists."""
    client.get(phone_url)
    typed = 'Een <b>vet</b> "knelpunt"'
    response = _post(client, phone_url, kind="iets", text=typed, email="geen-adres")
    html = response.text
    assert response.status_code == 422
    assert 'id="id_kind_error"' in html and 'aria-describedby="id_kind_error"' in html
    assert 'id="id_email_error"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'id="id_email_helptext"' in html
    assert 'value="Een &lt;b&gt;vet&lt;/b&gt; &quot;knelpunt&quot;"' in html
    assert 'value="geen-adres"' in html
    assert Knelpunt.objects.count() == 0


def test_the_phone_form_starts_on_a_bottleneck_with_a_new_id(client, phone_url):
    html = client.get(phone_url).text
    assert 'value="knelpunt" required id="id_kind_0" checked' in html
    assert 'name="text" maxlength="300" required' in html
    ids = re.findall(r'name="client_id" value="([0-9a-f-]{36})"', html)
    assert len(ids) == 1 and uuid.UUID(ids[0])


def test_the_phone_page_shows_the_sessions_own_title(client, phone_url, session):
    html = client.get(phone_url).text
    assert f"<h1>{session.title}</h1>" in html


def test_a_sessions_partial_columns_land_in_their_own_fields(session, phone_url):
    """The phone page and the polls build a session from a few columns: each value must land
    in its own field whatever order the columns are named in."""
    from sessions.live.selectors.phone import phone_session
    from sessions.live.selectors.poll import session_from_columns

    built = session_from_columns(
        {"status": session.status, "title": "T", "network_id": 7, "id": session.pk}
    )
    assert (built.pk, built.title, built.network_id, built.status) == (
        session.pk,
        "T",
        7,
        session.status,
    )
    live = LiveState.objects.get(session=session)
    found = phone_session(code=live.phone_code)
    assert found is not None
    assert (found.pk, found.title, found.network_id) == (
        session.pk,
        session.title,
        session.network_id,
    )
    assert found.starts_at == session.starts_at  # a field not read: loaded when asked for
