"""The quarterly mails greet as every other mail does ("Hoi …", "Groet,") and the archive of
updates is headed "Archief" (a noun), not "Archiveren" (to archive)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quarterly import emails
from tests.quarterly.test_quarterly import ready_update

pytestmark = pytest.mark.django_db


def test_the_quarterly_mails_greet_like_every_other_mail(
    network, coordinator, ondernemer, run_tasks
):
    update = ready_update(network, coordinator, run_tasks)
    for body in (
        emails.update_message(update, ondernemer).body,
        emails.draft_ready_message(update, coordinator).body,
    ):
        assert body.startswith("Hoi "), body
        assert "Beste" not in body and "Met vriendelijke groet" not in body
        assert "\nGroet,\nPraktijktafel" in body
    assert ondernemer.get_short_name() in emails.update_message(update, ondernemer).body


def test_the_archive_of_updates_is_headed_archief(client, network, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("quarterly:index", args=[network.slug])).content.decode()
    assert '<h2 id="archive-heading">Archief</h2>' in page
    assert ">Archiveren<" not in page
