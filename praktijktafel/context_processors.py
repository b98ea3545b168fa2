"""Navigation per role, shown in the base layout."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise, SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from praktijktafel.models import Role
from praktijktafel.permissions import network_ids_with


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


# (label, url name, roles that see it; empty means every logged-in person)
NAVIGATION: list[tuple[str | Promise, str, tuple[Role, ...]]] = [
    (_("Home"), "home", ()),
    (_("Kennisbank"), "kennisbank:search", ()),
    (_("Sector figures"), "sectordata:sectors", tuple(Role)),
    (_("Import figures"), "sectordata:datasets", (Role.COORDINATOR,)),
]


def navigation(request: HttpRequest) -> dict[str, object]:
    """Built only when a template shows it: a fragment (a live screen's poll) has no menu and
    should not pay the roles query for one."""
    return {"nav_items": SimpleLazyObject(lambda: _nav_items(request))}


def _nav_items(request: HttpRequest) -> list[NavItem]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for label, url_name, roles in NAVIGATION:
        if roles and not network_ids_with(user, *roles):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append(NavItem(str(label), url, request.path == url))
    return items
