"""Stored values are English, labels Dutch (README): an item's status and its effort and cost
levels; migration 0015 turns the Dutch values of before into English ones, and back."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.utils import translation

from kennisbank.models import Level, Solution
from tests.kennisbank.helpers import item

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("kennisbank.migrations.0015_english_stored_values")


def test_values_are_english_and_labels_dutch():
    assert set(Solution.Status.values) == {"draft", "review", "published", "archived"}
    assert set(Level.values) == {"low", "medium", "high"}
    with translation.override("nl"):
        assert str(Solution.Status.PUBLISHED.label) == "Gepubliceerd"
        assert str(Solution.Status.DRAFT.label) == "Concept"


def test_the_migration_turns_dutch_values_english_and_back(network, sector):
    published = item(network, sector, title="Gepubliceerd", effort="low", cost="high")
    draft = item(network, sector, title="Concept", publish=False, effort="medium")
    MIGRATION.to_dutch(apps, None)
    stored = dict(Solution.objects.values_list("title", "status"))
    assert stored == {"Gepubliceerd": "gepubliceerd", "Concept": "concept"}
    published.refresh_from_db()
    assert (published.effort, published.cost) == ("laag", "hoog")
    MIGRATION.to_english(apps, None)
    published.refresh_from_db()
    draft.refresh_from_db()
    assert (published.status, published.effort, published.cost) == ("published", "low", "high")
    assert (draft.status, draft.effort, draft.cost) == ("draft", "medium", "")
