"""Login by emailed code: works, refuses a wrong code clearly, is rate-limited, tells nothing."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.factories import UserFactory

REQUEST_URL = "/accounts/login/code/"
CONFIRM_URL = "/accounts/login/code/confirm/"
CODE_PATTERN = r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _code_from_outbox() -> str:
    body = mail.outbox[-1].body
    match = re.search(CODE_PATTERN, body, re.MULTILINE)
    assert match, body
    return match.group(1)


@pytest.mark.django_db
def test_login_by_emailed_code(client, ondernemer):
    response = client.post(REQUEST_URL, {"email": ondernemer.email.upper()})
    assert response.status_code == 302
    assert response.url == CONFIRM_URL
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [ondernemer.email]
    assert "Je inlogcode" in mail.outbox[0].subject

    response = client.post(CONFIRM_URL, {"code": _code_from_outbox()})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get("/").context["user"] == ondernemer


@pytest.mark.django_db
def test_wrong_code_is_refused_with_a_clear_message(client, ondernemer):
    client.post(REQUEST_URL, {"email": ondernemer.email})
    response = client.post(CONFIRM_URL, {"code": "XXXXXX"})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.text
    assert not response.context["user"].is_authenticated


@pytest.mark.django_db
def test_code_stops_working_after_too_many_wrong_tries(client, ondernemer):
    client.post(REQUEST_URL, {"email": ondernemer.email})
    good = _code_from_outbox()
    for _ in range(3):
        client.post(CONFIRM_URL, {"code": "XXXXXX"})
    response = client.post(CONFIRM_URL, {"code": good})
    assert not client.get("/").context["user"].is_authenticated
    assert response.status_code in (200, 302)


@pytest.mark.django_db
def test_code_is_single_use(client, ondernemer):
    client.post(REQUEST_URL, {"email": ondernemer.email})
    code = _code_from_outbox()
    client.post(CONFIRM_URL, {"code": code})
    client.post(reverse("account_logout"))
    response = client.post(CONFIRM_URL, {"code": code})
    assert not client.get("/").context["user"].is_authenticated
    assert response.status_code in (200, 302)


@pytest.mark.django_db
def test_unknown_address_looks_the_same_as_a_known_one(client, ondernemer):
    known = client.post(REQUEST_URL, {"email": ondernemer.email})
    client.logout()
    unknown = client.post(REQUEST_URL, {"email": "niemand@nergens.example"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    # The unknown address gets a mail that says there is no account, never a code.
    assert not re.search(CODE_PATTERN, mail.outbox[-1].body, re.MULTILINE)


@pytest.mark.django_db
def test_an_unknown_address_gets_a_whole_dutch_mail_without_a_dead_sign_up_link(client):
    # It got "Je ontvang…" and a sign-up link that ended on "Registratie gesloten".
    client.post(REQUEST_URL, {"email": "niemand@nergens.example"})
    message = mail.outbox[-1]
    assert message.subject == "[Praktijktafel] Geen account met dit adres"
    assert "Dit adres kennen we niet." in message.body
    assert "vraag de coördinator van je netwerk" in message.body
    assert "/accounts/signup/" not in message.body and "http" not in message.body


@pytest.mark.django_db
def test_requesting_codes_is_rate_limited(client, ondernemer):
    statuses = []
    for _ in range(5):
        statuses.append(client.post(REQUEST_URL, {"email": ondernemer.email}).status_code)
        client.logout()
    assert statuses[:3] == [302, 302, 302]
    # The fourth request within a minute is refused on the form, with a clear message.
    assert statuses[3] == 200
    response = client.post(REQUEST_URL, {"email": ondernemer.email})
    assert "Te veel pogingen" in response.text
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_password_login_is_optional_and_works(client):
    user = UserFactory(email="wachtwoord@voorbeeld.example", password="een-lang-wachtwoord-42")
    response = client.post(
        reverse("account_login"),
        {"login": "wachtwoord@voorbeeld.example", "password": "een-lang-wachtwoord-42"},
    )
    assert response.status_code == 302
    assert client.get("/").context["user"] == user


@pytest.mark.django_db
def test_nobody_can_sign_up_on_their_own(client):
    client.post(
        reverse("account_signup"),
        {"email": "vreemde@nergens.example", "password1": "een-lang-wachtwoord-42"},
    )
    from praktijktafel.models import User

    assert not User.objects.filter(email="vreemde@nergens.example").exists()


@pytest.mark.django_db
def test_the_admin_login_goes_through_the_rate_limited_login(client, django_user_model):
    # The Django admin's own form had no rate limit: 15 wrong passwords, then the right one
    # was accepted. Its login now redirects to allauth's, which counts failures.
    django_user_model.objects.create_superuser(email="beheer@example.org", password="goed-genoeg-1")
    response = client.post(
        "/admin/login/", {"username": "beheer@example.org", "password": "goed-genoeg-1"}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not client.get("/").context["user"].is_authenticated
    for _attempt in range(12):
        client.post(reverse("account_login"), {"login": "beheer@example.org", "password": "fout"})
    client.post(
        reverse("account_login"), {"login": "beheer@example.org", "password": "goed-genoeg-1"}
    )
    assert not client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
def test_behind_a_proxy_each_client_has_its_own_limit(client, settings):
    # Keyed on REMOTE_ADDR, 20 requests a minute through the proxy locked out everyone.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    def ask(email: str, client_address: str):
        client.logout()
        return client.post(
            REQUEST_URL,
            {"email": email},
            HTTP_X_FORWARDED_FOR=client_address,
            REMOTE_ADDR="10.0.0.1",
        )

    for n in range(20):
        assert ask(f"iemand{n}@example.org", "203.0.113.7").status_code == 302
    blocked = ask("nog-een@example.org", "203.0.113.7")
    assert blocked.status_code == 200 and "Te veel pogingen" in blocked.text
    # Another client behind the same proxy still gets in.
    assert ask("ander@example.org", "198.51.100.20").status_code == 302


@pytest.mark.django_db
def test_cancelling_a_code_for_a_mistyped_address_keeps_the_way_back(client):
    """Someone from the quarterly mail types their address wrong: 'another address' leads back
    to the login still on the way to the item, and no banner claims a code was mailed to an
    address we do not know."""
    from django.urls import reverse

    item = "/kennisbank/3/oudere-werknemers/"
    login = reverse("account_request_login_code")
    page = client.post(f"{login}?next={item}", {"email": "geen-lid@example.com"}, follow=True)
    text = page.content.decode()
    assert "We hebben een inlogcode gemaild naar" not in text
    cancel_form = text.split(f'action="{reverse("account_logout")}"')[-1]
    cancel = re.search(r'name="next" value="([^"]*)"', cancel_form)
    assert cancel and cancel.group(1) == f"{reverse('account_login')}?next={item}"
