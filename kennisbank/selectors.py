"""Reading the kennisbank: who may see which items, related items, and the coordinator's
overview. Search lives in `kennisbank.search`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kennisbank.models import REVIEW_AFTER, SearchEntry, Solution
from praktijktafel.consent import consenting
from praktijktafel.models import Consent, Network, Role, User
from praktijktafel.permissions import Perm, has_perm, kennisbank_network_ids, network_ids_with


def readable_q(user) -> Q:
    """The read rule of `has_perm(user, Perm.KENNISBANK_READ, item)` as a filter: public
    items, and the items of the networks `kennisbank_network_ids` gives."""
    networks = kennisbank_network_ids(user)
    if networks is None:
        return Q()
    visible = Q(is_public=True)
    if networks:
        visible |= Q(network_id__in=networks)
    return visible


def published_for(user) -> QuerySet[Solution]:
    return Solution.objects.filter(readable_q(user), status=Solution.Status.PUBLISHED)


def searchable_for(user) -> QuerySet[SearchEntry]:
    """The search entries of the items `published_for` gives (the same read rule, on the
    narrow rows a search reads)."""
    return SearchEntry.objects.filter(readable_q(user), published=True)


def can_write(user, solution: Solution) -> bool:
    return has_perm(user, Perm.KENNISBANK_WRITE, solution)


def solution_get_for_user(*, user, pk: int) -> Solution:
    """A published item the person may read, or any item of a network they write for."""
    solution = Solution.objects.select_related("network", "source_sector", "contact").filter(pk=pk)
    item = solution.first()
    if item is None:
        raise Http404
    if item.status == Solution.Status.PUBLISHED and (
        item.is_public or has_perm(user, Perm.KENNISBANK_READ, item)
    ):
        return item
    if can_write(user, item):
        return item
    raise Http404


def solution_needs_login(*, pk: int) -> bool:
    """A published item only members read: someone not logged in may be one of them. Says
    nothing of drafts or archived items (those stay "not found")."""
    return Solution.objects.filter(
        pk=pk, status=Solution.Status.PUBLISHED, is_public=False
    ).exists()


def contact_visible(solution: Solution) -> bool:
    """A contact person shows only while their latest answer to the consent question for the
    item's network is yes (a yes given to another network counts for nothing here)."""
    if solution.contact_id is None:
        return False
    return solution.contact_id in consenting(
        [solution.contact_id], Consent.Kind.SHARE_CONTACT, network=solution.network_id
    )


def related(*, user, solution: Solution, limit: int = 4) -> list[Solution]:
    """Published items sharing a tag, theme or sector; most overlap first."""
    candidates = published_for(user).exclude(pk=solution.pk)
    overlap = Q()
    if solution.tags:
        overlap |= Q(tags__overlap=solution.tags)
    if solution.themes:
        overlap |= Q(themes__overlap=solution.themes)
    if solution.sector_ids:
        overlap |= Q(sector_ids__overlap=solution.sector_ids)
    if not overlap:
        return []
    found = list(candidates.filter(overlap).defer("body", "search_vector")[:50])

    def score(item: Solution) -> tuple:
        shared = (
            3 * len(set(item.tags) & set(solution.tags))
            + 2 * len(set(item.themes) & set(solution.themes))
            + len(set(item.sector_ids) & set(solution.sector_ids))
        )
        return (-shared, -(item.published_at or timezone.now()).timestamp())

    return sorted(found, key=score)[:limit]


# --- Moderation --------------------------------------------------------------------------


@dataclass
class Moderation:
    waiting: list[Solution]
    needs_review: list[Solution]
    most_useful: list[Solution]
    published: int
    archived: int


def moderation_overview(*, user: User, now: datetime | None = None) -> Moderation:
    """For a coordinator: drafts and items for review in their networks, published items not
    reviewed for 12 months, and the items marked useful most."""
    now = now or timezone.now()
    networks = network_ids_with(user, Role.COORDINATOR)
    if user.is_superuser:
        networks = list(Network.objects.values_list("pk", flat=True))
    mine = Solution.objects.filter(network_id__in=networks).select_related("network", "created_by")
    # The review-by date decides; an item without one (written around the services) falls
    # back on a year after its last review or its publishing.
    stale = (
        Q(review_by__lte=timezone.localdate(now))
        | Q(review_by__isnull=True, reviewed_at__lt=now - REVIEW_AFTER)
        | Q(review_by__isnull=True, reviewed_at__isnull=True, published_at__lt=now - REVIEW_AFTER)
    )
    return Moderation(
        waiting=list(
            mine.filter(status__in=[Solution.Status.DRAFT, Solution.Status.REVIEW])
            .defer("search_vector")
            .order_by("-status", "created_at")
        ),
        needs_review=list(
            mine.filter(stale, status=Solution.Status.PUBLISHED)
            .defer("search_vector")
            .order_by("review_by", "pk")
        ),
        most_useful=list(
            mine.filter(status=Solution.Status.PUBLISHED, useful_count__gt=0)
            .defer("search_vector")
            .order_by("-useful_count")[:10]
        ),
        published=mine.filter(status=Solution.Status.PUBLISHED).count(),
        archived=mine.filter(status=Solution.Status.ARCHIVED).count(),
    )


def review_due(*, network: Network, now: datetime | None = None) -> list[Solution]:
    """The network's published items past their review-by day, the oldest date first: the
    quarterly page proposes them for review before the next update goes out."""
    today = timezone.localdate(now or timezone.now())
    return list(
        Solution.objects.filter(
            network=network, status=Solution.Status.PUBLISHED, review_by__lte=today
        )
        .only("pk", "title", "review_by", "network_id")
        .order_by("review_by", "pk")
    )
