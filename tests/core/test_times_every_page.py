"""One rule for times: every page shows a session that starts at 16:30 in Amsterdam as
16:30, in winter (UTC+1) and in summer (UTC+2); never the UTC hour (15:30 or 14:30).

The pages come from the URL conf (like the permission matrix), so a new page is checked
without anyone having to remember it; each is loaded as a person who may see it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from praktijktafel.dates import local_format
from sessions.models import Session
from sessions.services.invitations import invitations_send
from tests.factories import session_for
from tests.test_permission_matrix import EXPECTED, _kwargs, url_names, world  # noqa: F401

pytestmark = pytest.mark.django_db

PERSONAS = ("coordinator", "facilitator", "ondernemer", "anonymous")
WINTER, SUMMER = (12, 1, 2), (6, 7, 8)


def _next_day_in(months: tuple[int, ...], *, at_least: int = 10) -> datetime:
    """16:30 Amsterdam time on the first day at least `at_least` days ahead in one of
    `months`: always in the future, always in that season."""
    day = timezone.localdate() + timedelta(days=at_least)
    while day.month not in months:
        day += timedelta(days=1)
    return timezone.make_aware(datetime(day.year, day.month, day.day, 16, 30))


@pytest.fixture
def fixed_clock(monkeypatch):
    """Now is 10:07 today (Amsterdam): moments stamped "now" never read 15:30 by chance."""
    moment = timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()))
    moment += timedelta(hours=10, minutes=7)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


@pytest.mark.parametrize("season", [WINTER, SUMMER], ids=["winter", "summer"])
def test_every_page_shows_the_amsterdam_start_time(
    season,
    fixed_clock,
    world,  # noqa: F811
    network,
    session,
    facilitator,
    ondernemer,
    coordinator,
    django_capture_on_commit_callbacks,
    run_tasks,
):
    start = _next_day_in(season)
    utc_hour = start.astimezone(UTC)
    assert utc_hour.strftime("%H:%M") in ("15:30", "14:30")
    Session.objects.filter(network=network).update(starts_at=start)
    planned = session_for(network, facilitator, title="Nog niet gestart")
    Session.objects.filter(pk=planned.pk).update(starts_at=start)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(
            session=Session.objects.get(pk=planned.pk), people=[ondernemer], warning_reason="Test"
        )
    run_tasks()

    clients = {"anonymous": Client()}
    for name, person in (("coordinator", coordinator), ("facilitator", facilitator),
                         ("ondernemer", ondernemer)):  # fmt: skip
        clients[name] = Client()
        clients[name].force_login(person)
    wrong, seen = [], []
    for name, route in url_names():
        persona = next((p for p in PERSONAS if p in EXPECTED[name][0]), None)
        if persona is None:
            continue
        url = reverse(name, kwargs=_kwargs(name, route, world))
        response = clients[persona].get(url)
        if response.status_code != 200 or response.get("Content-Type", "").startswith(
            ("application/pdf", "application/octet", "application/zip", "text/csv")
        ):
            continue
        text = response.content.decode(errors="replace")
        if re.search(r"\b(15|14):30\b", text):
            wrong.append(f"{name} ({url}) shows the UTC time")
        if "16:30" in text:
            seen.append(name)
    assert not wrong, "\n".join(wrong)
    # The pages that show a session's start do show it, so the check above means something.
    for name in ("sessions:dashboard", "sessions:detail", "sessions:rsvp", "home"):
        if name in EXPECTED and EXPECTED[name][0]:
            assert name in seen or name == "home", name
    assert len(seen) >= 5, seen
    # Mails say it the same way.
    assert mail.outbox
    for message in mail.outbox:
        assert "16:30" in message.body
        assert not re.search(r"\b(15|14):30\b", message.body)


def test_the_dashboard_writes_dutch_month_abbreviations(fixed_clock, network, coordinator):
    start = _next_day_in(WINTER)
    session_for(network, coordinator, title="Winter", starts_at=start)
    client = Client()
    client.force_login(coordinator)
    text = client.get(reverse("sessions:dashboard", args=[network.slug])).text
    with translation.override("nl"):
        expected = local_format(start, "j M")
    assert expected.endswith(".") or expected.endswith("mei")
    assert expected in text
    assert f"{start.day} {start.strftime('%b')}<" not in text


def test_dutch_and_english_month_abbreviations():
    moment = timezone.make_aware(datetime(2026, 12, 5, 16, 30))
    october = timezone.make_aware(datetime(2026, 10, 10, 9, 5))
    with translation.override("nl"):
        assert local_format(moment, "j M, H:i") == "5 dec., 16:30"
        assert local_format(october, "D j M") == "za 10 okt."
        assert local_format(moment, r"j \M M") == "5 M dec."
    with translation.override("en"):
        assert local_format(moment, "j M, H:i") == "5 Dec, 16:30"
    # A moment stored in UTC is shown in Amsterdam time, summer time included.
    summer = timezone.make_aware(datetime(2027, 7, 14, 16, 30))
    assert local_format(summer.astimezone(UTC), "H:i") == "16:30"


def test_templates_format_times_with_the_one_formatter():
    """Django's `date`/`time` filters would bypass the Dutch abbreviations: one rule."""
    found = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.*"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\|\s*(date|time)\b", line):
                found.append(f"{path.relative_to(settings.BASE_DIR)}:{number}")
    assert not found, found
