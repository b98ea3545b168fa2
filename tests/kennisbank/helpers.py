"""Shared helpers of the kennisbank tests."""

from __future__ import annotations

from kennisbank.search import SearchParams, search
from tests.factories import SolutionFactory


def item(network, sector, *, publish=True, **fields):
    """An item of `network` in `sector`, published unless publish=False."""
    return SolutionFactory(network=network, sector_ids=[sector.pk], publish=publish, **fields)


def search_limit(monkeypatch, name: str, value: int) -> None:
    """Set a limit of the search (`COUNT_CAP`, `PAGE_SIZE`) in every module that reads it."""
    import importlib
    import pkgutil

    import kennisbank.search as package

    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"kennisbank.search.{info.name}")
        if hasattr(module, name):
            monkeypatch.setattr(module, name, value)


def titles(user, **params) -> list[str]:
    """The titles a search finds; a filter is given by its name (`theme=["behouden"]`)."""
    from kennisbank.facets import BY_NAME

    filters = {name: params.pop(name) for name in list(params) if name in BY_NAME}
    return [
        s.title for s in search(user=user, params=SearchParams(filters=filters, **params)).items
    ]
