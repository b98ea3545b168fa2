from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

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

    assert first["Network"] == 2
    assert Membership.objects.filter(role=Role.ONDERNEMER).count() == 12
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
