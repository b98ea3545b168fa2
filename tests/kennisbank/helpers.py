"""Shared helpers of the kennisbank tests."""

from __future__ import annotations

from kennisbank.search import SearchParams, search
from tests.factories import SolutionFactory


def item(network, sector, *, publish=True, **fields):
    """An item of `network` in `sector`, published unless publish=False."""
    return SolutionFactory(network=network, sector_ids=[sector.pk], publish=publish, **fields)


def titles(user, **params) -> list[str]:
    return [s.title for s in search(user=user, params=SearchParams(**params)).items]
