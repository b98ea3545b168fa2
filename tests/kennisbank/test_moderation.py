"""Moderation of the kennisbank: the privacy check before publishing, consent for a contact,
review dates, and session tips that become drafts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kennisbank import services
from kennisbank.models import Revision, Solution
from kennisbank.privacy import privacy_warnings
from kennisbank.selectors import moderation_overview
from praktijktafel.models import Consent, Role
from sessions.live.services.captures import capture_promote
from sessions.live.services.run import live_start
from sessions.models import Capture
from tests.factories import OrganisationFactory, member
from tests.kennisbank.helpers import item

pytestmark = pytest.mark.django_db


def test_privacy_check_finds_what_points_to_a_person():
    found = privacy_warnings(
        "Mail piet@bouw.nl of bel 06-12345678, postcode 3811 AB, rekening NL91ABNA0417164300."
        " Henk Hendriks van Hendriks Bouw vertelde het.",
        people=["Henk Hendriks"],
        firms=["Hendriks Bouw"],
    )
    kinds = {w.kind for w in found}
    assert kinds == {"email", "phone", "postcode", "iban", "person", "firm"}
    assert privacy_warnings("Een buddy voor elke nieuwe monteur, 10 tot 19 medewerkers.") == []


def test_publishing_with_a_warning_needs_confirmation(network, sector, coordinator):
    firm = OrganisationFactory(name="Smit Installatie")
    member(network, Role.ONDERNEMER, full_name="Linda Smit", organisation=firm)
    draft = item(
        network, sector, publish=False, body="Linda vertelde hoe Smit Installatie het deed."
    )
    with pytest.raises(ValidationError, match="Linda"):
        services.solution_publish(solution=draft, user=coordinator)
    services.solution_publish(solution=draft, user=coordinator, privacy_confirmed=True)
    draft.refresh_from_db()
    assert draft.status == Solution.Status.PUBLISHED
    actions = list(Revision.objects.filter(solution=draft).values_list("action", flat=True))
    assert actions == ["published", "created"]


def test_contact_only_with_consent(client, network, sector, ondernemer):
    expert = member(network, Role.ONDERNEMER, full_name="Karin Bakker", email="karin@example.nl")
    solution = item(network, sector, contact=expert)
    client.force_login(ondernemer)
    url = reverse("kennisbank:detail", args=[solution.pk, solution.slug])
    assert "karin@example.nl" not in client.get(url).content.decode()
    Consent.objects.create(
        user=expert, network=network, kind=Consent.Kind.SHARE_CONTACT, granted=True
    )
    assert "karin@example.nl" in client.get(url).content.decode()
    Consent.objects.create(
        user=expert, network=network, kind=Consent.Kind.SHARE_CONTACT, granted=False
    )
    assert "karin@example.nl" not in client.get(url).content.decode()


def test_items_not_reviewed_for_a_year_are_flagged(network, sector, coordinator):
    old = item(network, sector, title="Oud")
    item(network, sector, title="Vers")
    last_look = timezone.now() - timedelta(days=400)
    Solution.objects.filter(pk=old.pk).update(
        reviewed_at=last_look, review_by=services.review_by_after(last_look)
    )
    overview = moderation_overview(user=coordinator)
    assert [s.title for s in overview.needs_review] == ["Oud"]
    services.solution_mark_reviewed(solution=old, user=coordinator)
    assert moderation_overview(user=coordinator).needs_review == []


def test_promoted_session_tip_becomes_one_draft_without_names(session, facilitator, ondernemer):
    live_start(session=session)
    capture = Capture.objects.create(
        session=session,
        kind=Capture.Kind.TIP,
        text="Laat de buddy meerijden.",
        person=ondernemer,
    )
    capture_promote(capture=capture)
    capture_promote(capture=capture)  # twice: still one draft
    draft = Solution.objects.get()
    assert draft.status == Solution.Status.DRAFT and draft.network == session.network
    assert draft.source_sector == session.sector and draft.source_quarter.startswith("20")
    assert draft.contact is None and ondernemer.full_name not in draft.body


def test_privacy_check_lists_each_hit_once():
    """The same address in title, summary and body was listed three times."""
    text = "Mail jan@firma.nl\nMail jan@firma.nl\nNogmaals jan@firma.nl, bel Jan de Vries"
    found = privacy_warnings(text, people=["Jan de Vries"])
    assert [w.kind for w in found] == ["email", "person"], [w.message for w in found]


@pytest.mark.django_db
def test_item_history_names_fields_in_dutch():
    revision = Revision(action="edited", fields=["title", "summary", "body", "gone"])
    labels = revision.field_labels()
    assert labels[0] == "titel" and labels[1].startswith("samenvatting") and labels[2] == "tekst"
    assert labels[3] == "gone"  # a field that no longer exists keeps its stored name
