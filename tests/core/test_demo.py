from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from praktijktafel.demo import PEOPLE
from praktijktafel.models import Membership, Network, Organisation, Role, User
from sessions.models import Capture, Invitation, Knelpunt, Phase, PhaseRun, Session


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            User,
            Network,
            Organisation,
            Membership,
            Session,
            Phase,
            Invitation,
            Knelpunt,
            Capture,
            PhaseRun,
        )
    }


@pytest.mark.django_db
def test_demo_data_is_complete_and_idempotent(capsys):
    call_command("load_demo", allow_production=True)
    first = _counts()
    call_command("load_demo", allow_production=True, quiet=True)
    assert _counts() == first

    # The two networks of the accounts and a third (transport) for the programme report.
    assert first["Network"] == 3
    demo_ondernemers = [p.email for p in PEOPLE if p.role == Role.ONDERNEMER]
    assert len(demo_ondernemers) == 12
    assert (
        Membership.objects.filter(role=Role.ONDERNEMER, user__email__in=demo_ondernemers).count()
        == 12
    )
    assert Membership.objects.filter(role=Role.FACILITATOR).values("user").distinct().count() == 2
    assert Membership.objects.filter(role=Role.COORDINATOR).exists()
    assert Membership.objects.filter(role=Role.KENNISEXPERT).exists()
    assert Session.objects.filter(status=Session.Status.DONE).count() >= 2
    assert Session.objects.exclude(status=Session.Status.DONE).count() >= 2
    # Every session has the default agenda: five phases, 80 minutes in a 90-minute slot.
    for session in Session.objects.prefetch_related("phases"):
        assert [p.minutes for p in session.phases.all()] == [10, 15, 10, 35, 10]
        assert session.slot_minutes == 90

    # Finished sessions have actual times and what the group shared.
    assert first["Knelpunt"] >= 4 and first["Capture"] >= 8 and first["PhaseRun"] >= 20

    printed = capsys.readouterr().out
    assert "coordinator@praktijktafel.example" in printed
    assert "praktijktafel-demo" in printed


@pytest.mark.django_db
def test_demo_data_refuses_production_without_flag(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")


@pytest.mark.django_db
def test_demo_accounts_point_at_the_address_the_app_is_served_on(settings, capsys):
    # `make run PORT=8010` sets SITE_URL; the printed login address must follow it.
    settings.SITE_URL = "http://127.0.0.1:8010"
    call_command("load_demo", allow_production=True)
    printed = capsys.readouterr().out
    assert "http://127.0.0.1:8010/accounts/login/" in printed
    assert ":8000" not in printed


@pytest.mark.django_db
def test_demo_history_fills_the_programme_report():
    """A year of history per network: held and cancelled sessions with their reasons,
    no-shows, evaluations above and below five answers, answered follow-ups, kennisbank
    items from sessions, firms of several sizes and sectors, new and returning."""
    from django.utils import timezone

    from quarterly.programme import Period, programme_report
    from sessions.models import ActionCheck

    call_command("load_demo", allow_production=True, quiet=True)
    now = timezone.now()
    year = Period("demo", "demo", now - timezone.timedelta(days=400), now)
    networks = list(Network.objects.order_by("pk"))
    assert len({tuple(n.sectors.values_list("slug", flat=True)) for n in networks}) == 3
    for network in networks:
        report = programme_report(network=network, period=year)
        t = report.totals
        assert t["held"] >= 7 and t["cancelled_too_few"] >= 1 and t["cancelled_other"] >= 1
        assert t["no_shows"] > 0 and t["came"] > 0
        held = [r for r in report.sessions if r.held]
        shown = [r for r in held if r.useful is not None]
        assert len(shown) > len(held) / 2 and sum(1 for r in held if 0 < r.answers < 5) > 0
        assert t["knowledge_items"] >= 2 and t["knowledge_useful"] > 0
        assert {r.label for r in report.by_size} >= {"2 tot 4 medewerkers", "20 tot 49 medewerkers"}
        assert sum(r.new for r in report.by_sector)
        recent = Period("recent", "recent", now - timezone.timedelta(days=200), now)
        later = programme_report(network=network, period=recent).by_sector
        assert sum(r.new for r in later) and sum(r.returning for r in later)
    answers = set(ActionCheck.objects.values_list("answer", flat=True))
    assert answers >= {"done", "partly", "not", "help"}
