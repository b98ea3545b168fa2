"""Sector data names a person only as the importer of a table."""

from __future__ import annotations

from praktijktafel.models import User
from praktijktafel.personal_data import register
from sectordata.models import Dataset


def export(user: User) -> dict:
    return {
        "imported_tables": list(
            Dataset.objects.filter(imported_by=user).values_list("table_id", flat=True)
        )
    }


register("sectordata", export)
