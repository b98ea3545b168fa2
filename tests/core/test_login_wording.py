"""What a person reads while logging in with a code: one word for the code (inlogcode), and
after logging in "Je bent ingelogd", not that an e-mail address was confirmed."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_logging_in_with_a_code_reads_as_logging_in(client, ondernemer):
    from allauth.account.models import EmailAddress

    # As a coordinator adds a person: the address is not verified until the first code.
    EmailAddress.objects.update_or_create(
        user=ondernemer, email=ondernemer.email, defaults={"verified": False, "primary": True}
    )
    seen: list[str] = []
    response = client.post("/accounts/login/code/", {"email": ondernemer.email}, follow=True)
    seen += [str(m) for m in get_messages(response.wsgi_request)]
    page = response.content.decode()
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.M).group(1)
    response = client.post("/accounts/login/code/confirm/", {"code": code}, follow=True)
    seen += [str(m) for m in get_messages(response.wsgi_request)]
    page += response.content.decode()
    text = " ".join(seen) + page + mail.outbox[-1].subject + mail.outbox[-1].body
    assert "aanmeldcode" not in text.lower()
    assert "bevestigd" not in " ".join(seen)
    assert "Je bent nu ingelogd" in " ".join(seen), seen
    # No banner "we mailed a code to …": the code page says it, without claiming it for an
    # address we may not know.
    assert "inlogcode gemaild naar" not in " ".join(seen), seen
    assert "inlogcode" in page


def test_the_password_form_offers_one_forgotten_password_link(client):
    """allauth puts the reset link beside the password field; a second one under the button
    read as a stutter."""
    html = client.get("/accounts/login/").content.decode()
    assert html.count("/accounts/password/reset/") == 1


def test_a_wrong_login_code_is_not_called_unsaved(client):
    """A login saves nothing, so the form error summary must not open with "Nog niet
    opgeslagen"."""
    client.post("/accounts/login/code/", {"email": "iemand@example.org"})
    response = client.post("/accounts/login/code/confirm/", {"code": "XXXX-XXXX"})
    html = response.content.decode()
    assert "Dat lukte niet" in html
    assert "Nog niet opgeslagen" not in html
