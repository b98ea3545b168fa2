"""Knowledge that stays current: every published item has a review-by date, the moderation
page lists the items past it and the quarterly page proposes them for review."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from kennisbank import services
from kennisbank.models import Solution
from kennisbank.selectors import moderation_overview, review_due
from tests.kennisbank.helpers import item

pytestmark = pytest.mark.django_db


def test_publishing_sets_review_by_a_year_later(network, sector, coordinator):
    draft = item(network, sector, publish=False, title="Inwerkmap")
    published = services.solution_publish(solution=draft, user=coordinator)
    # The day in Dutch time (between 23:00 and 24:00 UTC it is the next day there).
    assert published.review_by == timezone.localdate(published.published_at + timedelta(days=365))


def test_moderation_lists_items_past_their_review_by_date(network, sector, coordinator):
    due = item(network, sector, title="Verouderd")
    item(network, sector, title="Actueel")
    # Reviewed recently, but the moderator set an earlier date: the date decides.
    Solution.objects.filter(pk=due.pk).update(
        review_by=timezone.localdate() - timedelta(days=1), reviewed_at=timezone.now()
    )
    assert [s.title for s in moderation_overview(user=coordinator).needs_review] == ["Verouderd"]
    services.solution_mark_reviewed(solution=due, user=coordinator)
    due.refresh_from_db()
    assert due.review_by == timezone.localdate() + timedelta(days=365)
    assert moderation_overview(user=coordinator).needs_review == []


def test_review_due_leaves_out_other_networks_and_unpublished(
    network, other_network, sector, coordinator
):
    past = timezone.localdate() - timedelta(days=3)
    mine = item(network, sector, title="Van ons")
    theirs = item(other_network, sector, title="Van hen")
    draft = item(network, sector, publish=False, title="Concept")
    Solution.objects.filter(pk__in=[mine.pk, theirs.pk, draft.pk]).update(review_by=past)
    assert [s.title for s in review_due(network=network)] == ["Van ons"]


def test_quarterly_page_proposes_items_for_review(client, network, sector, coordinator):
    due = item(network, sector, title="Checklist verzuim")
    Solution.objects.filter(pk=due.pk).update(review_by=timezone.localdate() - timedelta(days=9))
    item(network, sector, title="Nog goed")
    client.force_login(coordinator)
    page = client.get(reverse("quarterly:index", args=[network.slug])).content.decode()
    assert "Checklist verzuim" in page
    assert "Nog goed" not in page
    assert reverse("kennisbank:detail", args=[due.pk, due.slug]) in page


def test_migration_fills_review_by_of_published_items(network, sector):
    reviewed = item(network, sector, title="Nagekeken")
    never = item(network, sector, title="Nooit nagekeken")
    draft = item(network, sector, publish=False, title="Concept")
    moment = timezone.now() - timedelta(days=100)
    Solution.objects.filter(pk=reviewed.pk).update(reviewed_at=moment, review_by=None)
    Solution.objects.filter(pk=never.pk).update(
        reviewed_at=None, published_at=moment - timedelta(days=30), review_by=None
    )
    Solution.objects.filter(pk=draft.pk).update(review_by=None)
    # The data as they were when 0012 ran: the status in Dutch (English from 0015 on).
    Solution.objects.filter(status="published").update(status="gepubliceerd")
    migration = importlib.import_module("kennisbank.migrations.0012_fill_review_by")
    migration.fill_review_by(apps, None)
    by_title = dict(Solution.objects.values_list("title", "review_by"))
    assert by_title["Nagekeken"] == timezone.localdate(moment + timedelta(days=365))
    assert by_title["Nooit nagekeken"] == timezone.localdate(moment + timedelta(days=335))
    assert by_title["Concept"] is None


def test_moderator_sees_the_review_by_date_on_the_item(client, network, sector, coordinator):
    due = item(network, sector, title="Proeftijd goed regelen")
    Solution.objects.filter(pk=due.pk).update(review_by=timezone.localdate() + timedelta(days=40))
    due.refresh_from_db()
    client.force_login(coordinator)
    page = client.get(reverse("kennisbank:detail", args=[due.pk, due.slug])).content.decode()
    assert "Nakijken voor" in page
