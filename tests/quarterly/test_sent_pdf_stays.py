"""An update that was sent keeps its archived PDF: 'Make the PDF' again is refused (in Dutch,
on the page) and never overwrites what the ondernemers received."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from quarterly import services
from quarterly.models import QuarterlyUpdate
from quarterly.tasks import generate_update

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _commit_at_once(monkeypatch):
    """Run on-commit work (queueing tasks) at once, as a real commit would."""
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )


@pytest.fixture
def sent(network, coordinator, ondernemer, run_tasks):
    update, _started = services.update_request(
        network=network, sector=None, year=2026, quarter=1, user=coordinator
    )
    run_tasks()
    update.refresh_from_db()
    services.update_send(update=update)
    run_tasks()
    update.refresh_from_db()
    return update


def test_making_a_sent_update_again_is_refused(network, coordinator, sent, run_tasks):
    archived = bytes(sent.pdf)
    tasks_before = DBTaskResult.objects.count()
    with pytest.raises(ValidationError, match="al verstuurd"):
        services.update_request(
            network=network, sector=None, year=2026, quarter=1, user=coordinator
        )
    run_tasks()
    sent.refresh_from_db()
    assert bytes(sent.pdf) == archived
    assert sent.status == QuarterlyUpdate.Status.READY
    assert DBTaskResult.objects.count() == tasks_before


def test_a_queued_make_never_overwrites_a_sent_pdf(sent):
    """A task queued before the send (a retried worker) leaves the sent PDF alone."""
    archived = bytes(sent.pdf)
    QuarterlyUpdate.objects.filter(pk=sent.pk).update(status=QuarterlyUpdate.Status.QUEUED)
    assert generate_update.call(sent.pk) is False
    sent.refresh_from_db()
    assert bytes(sent.pdf) == archived
    assert sent.status == QuarterlyUpdate.Status.READY


def test_the_page_says_the_sent_pdf_stays(client, network, coordinator, sent):
    client.force_login(coordinator)
    archived = bytes(sent.pdf)
    response = client.post(
        reverse("quarterly:generate", args=[network.slug]), {"kwartaal": "2026-1"}, follow=True
    )
    assert "al verstuurd" in response.text
    assert "Verstuurd: deze PDF blijft zoals hij verstuurd is." in response.text
    sent.refresh_from_db()
    assert bytes(sent.pdf) == archived
