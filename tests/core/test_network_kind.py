"""A network's kind is stored in English; networks stored before keep their kind."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from praktijktafel.models import Network
from tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("praktijktafel.migrations.0007_network_kind_values_in_english")


def test_the_stored_values_are_english_and_the_labels_dutch():
    assert sorted(Network.Kind.values) == ["cooperative", "region", "trade_association"]
    assert Network.Kind.BRANCHEVERENIGING.label == "Branchevereniging"


def test_the_data_migration_renames_old_values_and_back():
    old = {
        "cooperatie": NetworkFactory(),
        "branchevereniging": NetworkFactory(),
        "regio": NetworkFactory(),
    }
    for kind, network in old.items():
        Network.objects.filter(pk=network.pk).update(kind=kind)
    migration.to_english(apps, None)
    assert {n.kind for n in Network.objects.all()} == set(Network.Kind.values)
    assert Network.objects.get(pk=old["regio"].pk).get_kind_display() == "Regio"
    migration.to_dutch(apps, None)
    assert {kind: Network.objects.get(pk=network.pk).kind for kind, network in old.items()} == {
        kind: kind for kind in old
    }
