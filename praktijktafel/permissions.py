"""The one place that decides who may see and do what. Deny by default.

Every view asks `has_perm(user, Perm.X, obj)`; selectors use the same rules to filter
querysets. A permission that is not in RULES is denied, for everybody but superusers.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AnonymousUser

from praktijktafel.models import Membership, Network, Role, User


class Perm(StrEnum):
    NETWORK_VIEW = "network.view"  # the network dashboard
    NETWORK_MANAGE = "network.manage"  # members, agenda templates, sector mapping
    SESSION_CREATE = "session.create"  # obj: network
    SESSION_VIEW = "session.view"  # obj: session (planning page, console)
    SESSION_EDIT = "session.edit"  # obj: session (plan, invite, run live)
    KENNISBANK_READ = "kennisbank.read"  # obj: network
    KENNISBANK_WRITE = "kennisbank.write"  # obj: network
    KENNISBANK_MODERATE = "kennisbank.moderate"  # obj: network
    SECTORDATA_VIEW = "sectordata.view"  # obj: none (sector pages, charts, CSV downloads)
    SECTORDATA_IMPORT = "sectordata.import"  # obj: none (shared by every network: import, map)
    QUARTERLY_EXPORT = "quarterly.export"  # obj: network
    PERSON_DATA_MANAGE = "person.data_manage"  # obj: user (export or erase on their request)


AnyUser = User | AnonymousUser


def roles_by_network(user: AnyUser) -> dict[int, frozenset[str]]:
    """All of a user's roles, per network id; one query, cached on the user object."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_roles_by_network", None)
    if cached is None:
        collected: dict[int, set[str]] = {}
        for network_id, role in Membership.objects.filter(user_id=user.pk).values_list(
            "network_id", "role"
        ):
            collected.setdefault(network_id, set()).add(role)
        cached = {nid: frozenset(roles) for nid, roles in collected.items()}
        user._roles_by_network = cached  # type: ignore[union-attr,attr-defined]
    return cached


def roles_in(user: AnyUser, network_id: int) -> frozenset[str]:
    return roles_by_network(user).get(network_id, frozenset())


def network_ids_with(user: AnyUser, *roles: Role) -> list[int]:
    wanted = {str(r) for r in roles}
    return sorted(nid for nid, have in roles_by_network(user).items() if have & wanted)


def _network_id(obj: Any) -> int | None:
    """The network an object belongs to: a network itself, or anything with a network_id
    (a bare id is no object and belongs to nothing)."""
    if isinstance(obj, Network):
        return obj.pk
    return getattr(obj, "network_id", None)


def _role_in_network(*roles: Role) -> Callable[[AnyUser, Any], bool]:
    def rule(user: AnyUser, obj: Any) -> bool:
        network_id = _network_id(obj)
        return network_id is not None and bool(roles_in(user, network_id) & {str(r) for r in roles})

    return rule


# Who may hold a place in a session's team. Being named on a session is not enough: the person
# must still hold one of these roles in the session's network, so a facilitator who is made an
# ondernemer loses the session, its invitees and its console with the role.
FACILITATING_ROLES = frozenset({Role.FACILITATOR, Role.COORDINATOR})
EXPERT_ROLES = frozenset({Role.KENNISEXPERT, Role.FACILITATOR, Role.COORDINATOR})


def _session_team(*, coordinator: bool, facilitator: bool, kennisexpert: bool):
    def rule(user: AnyUser, obj: Any) -> bool:
        # Only a session-like object qualifies; anything else is denied.
        if not hasattr(obj, "facilitator_id") or not user.is_authenticated:
            return False
        roles = roles_in(user, obj.network_id)
        if facilitator and obj.facilitator_id == user.pk and roles & FACILITATING_ROLES:
            return True
        if kennisexpert and obj.kennisexpert_id == user.pk and roles & EXPERT_ROLES:
            return True
        return coordinator and Role.COORDINATOR in roles

    return rule


def _coordinates_every_network(user: AnyUser, obj: Any) -> bool:
    """Sector data (CBS tables, the code-to-sector mapping) is one set that every network
    sees: a change reaches them all, so only someone who coordinates every network may make
    it (with one network, its coordinator); otherwise the beheerder (a superuser)."""
    coordinated = network_ids_with(user, Role.COORDINATOR)
    return bool(coordinated) and not Network.objects.exclude(pk__in=coordinated).exists()


def _member_anywhere(user: AnyUser, obj: Any) -> bool:
    return bool(roles_by_network(user))


def kennisbank_network_ids(user: AnyUser) -> list[int] | None:
    """The networks whose published kennisbank items this person reads besides the public
    ones: their own networks, and every network that shares its kennisbank when one of theirs
    does. None means every network (a superuser). Selectors filter with this list."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return None
    member_of = set(roles_by_network(user))
    if not member_of:
        return []
    sharing = set(Network.objects.filter(shares_kennisbank=True).values_list("pk", flat=True))
    return sorted(member_of | (sharing if member_of & sharing else set()))


def _reads_kennisbank(user: AnyUser, obj: Any) -> bool:
    """For a network: does being a member here open the shared kennisbank (the network shares
    it)? For an item: is it public, or of a network in `kennisbank_network_ids`?"""
    if isinstance(obj, Network):
        return bool(roles_in(user, obj.pk)) and obj.shares_kennisbank
    network_id = _network_id(obj)
    if network_id is None:
        return False
    if getattr(obj, "is_public", False):
        return True
    networks = kennisbank_network_ids(user)
    return networks is None or network_id in networks


def _coordinates_all_networks_of(user: AnyUser, person: Any) -> bool:
    """A coordinator acts on a member's data only when that reaches no one else's network.

    Export and erasure cover the whole account, so every network the person belongs to must
    be one the requester coordinates; staff, superusers and fellow coordinators are never
    someone else's to erase (they ask the administrator, or use "Mijn gegevens" themselves).
    """
    if not isinstance(person, User) or person.pk == user.pk:
        return False
    if person.is_staff or person.is_superuser:
        return False
    theirs = roles_by_network(person)
    if not theirs:
        return False
    coordinated = set(network_ids_with(user, Role.COORDINATOR))
    if not set(theirs) <= coordinated:
        return False
    return not any(Role.COORDINATOR in roles for roles in theirs.values())


RULES: dict[Perm, Callable[[AnyUser, Any], bool]] = {
    Perm.NETWORK_VIEW: _role_in_network(Role.COORDINATOR, Role.FACILITATOR),
    Perm.NETWORK_MANAGE: _role_in_network(Role.COORDINATOR),
    Perm.SESSION_CREATE: _role_in_network(Role.COORDINATOR, Role.FACILITATOR),
    Perm.SESSION_VIEW: _session_team(coordinator=True, facilitator=True, kennisexpert=True),
    Perm.SESSION_EDIT: _session_team(coordinator=True, facilitator=True, kennisexpert=False),
    Perm.KENNISBANK_READ: _reads_kennisbank,
    Perm.KENNISBANK_WRITE: _role_in_network(Role.COORDINATOR, Role.FACILITATOR, Role.KENNISEXPERT),
    Perm.KENNISBANK_MODERATE: _role_in_network(Role.COORDINATOR),
    Perm.SECTORDATA_VIEW: _member_anywhere,
    Perm.SECTORDATA_IMPORT: _coordinates_every_network,
    Perm.QUARTERLY_EXPORT: _role_in_network(Role.COORDINATOR),
    Perm.PERSON_DATA_MANAGE: _coordinates_all_networks_of,
}


def has_perm(user: AnyUser, perm: Perm | str, obj: Any = None) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    try:
        rule = RULES[Perm(perm)]
    except (KeyError, ValueError):
        return False
    return rule(user, obj)
