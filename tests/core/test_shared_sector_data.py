"""Sector data is one shared set: the same CBS tables and code-to-sector mapping for every
network. A change reaches every network, so only someone who coordinates every network (or the
beheerder, a superuser) may import a table or change the mapping (issue 19, finding 10: a
coordinator of B replaced the figures A's sessions show)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from praktijktafel.models import Role
from praktijktafel.permissions import Perm, has_perm
from sectordata.models import Dataset, SectorCode
from sectordata.services import dataset_import
from tests.factories import MembershipFactory, SectorFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "tests" / "fixtures" / "sectordata"


def _upload(client):
    return client.post(
        reverse("sectordata:datasets"),
        {
            "data": SimpleUploadedFile(
                "v.csv", (FIXTURES / "cbs_vacatures.csv").read_bytes(), "text/csv"
            ),
            "metadata": SimpleUploadedFile(
                "m.csv", (FIXTURES / "cbs_vacatures_metadata.csv").read_bytes(), "text/csv"
            ),
            "source": "Vervangen door B",
        },
    )


@pytest.fixture
def table_of_a(network):
    return dataset_import(
        path=FIXTURES / "cbs_vacatures.csv",
        metadata_path=FIXTURES / "cbs_vacatures_metadata.csv",
    )


@pytest.mark.parametrize("who", ["other_coordinator", "coordinator"])
def test_a_coordinator_of_one_of_several_networks_cannot_replace_shared_tables(
    client, request, table_of_a, other_network, who
):
    client.force_login(request.getfixturevalue(who))
    before = list(Dataset.objects.values_list("pk", "is_current", "source"))
    assert _upload(client).status_code == 403
    assert list(Dataset.objects.values_list("pk", "is_current", "source")) == before


def test_a_coordinator_of_one_of_several_networks_cannot_change_the_mapping(
    client, table_of_a, other_coordinator, sector
):
    other = SectorFactory(name="Elders")
    SectorCode.objects.update_or_create(code="412000", defaults={"sector": sector})
    client.force_login(other_coordinator)
    response = client.post(reverse("sectordata:mapping"), {"code": "412000", "sector": other.pk})
    assert response.status_code == 403
    assert SectorCode.objects.get(code="412000").sector == sector
    client.post(reverse("sectordata:mapping"), {"code": "412000", "sector": ""})
    assert SectorCode.objects.filter(code="412000").exists()


def test_who_may_change_shared_sector_data(
    network, other_network, coordinator, other_coordinator, staff
):
    assert not has_perm(coordinator, Perm.SECTORDATA_IMPORT)
    assert not has_perm(other_coordinator, Perm.SECTORDATA_IMPORT)
    assert has_perm(staff, Perm.SECTORDATA_IMPORT)  # the beheerder
    MembershipFactory(user=coordinator, network=other_network, role=Role.COORDINATOR)
    coordinator = type(coordinator).objects.get(pk=coordinator.pk)  # no cached roles
    assert has_perm(coordinator, Perm.SECTORDATA_IMPORT)


def test_with_one_network_its_coordinator_imports_as_before(client, network, coordinator):
    client.force_login(coordinator)
    response = _upload(client)
    assert response.status_code == 200
    assert Dataset.objects.get(is_current=True).imported_by == coordinator
