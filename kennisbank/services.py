"""Writes for the kennisbank: keyword-only, validated, one transaction each, with history."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kennisbank.facets import SOURCES
from kennisbank.index import solution_index
from kennisbank.models import (
    BODY_MAX,
    LINKS_MAX,
    REVIEW_AFTER,
    Revision,
    Solution,
    UsefulMark,
)
from kennisbank.privacy import PrivacyWarning, privacy_warnings
from kennisbank.search import words_of
from kennisbank.text import from_pasted
from praktijktafel.models import Network, Organisation, Sector, User
from praktijktafel.permissions import Perm, has_perm

EDITABLE = tuple(
    dict.fromkeys(
        (
            "title",
            "summary",
            "body",
            *SOURCES,  # every filter's field (`kennisbank.facets`)
            "effort",
            "cost",
            "links",
            "contact",
            "is_public",
        )
    )
)


def clean_tags(tags) -> list[str]:
    seen: dict[str, None] = {}
    for tag in tags or []:
        value = " ".join(str(tag).strip().lower().split())[:40]
        if value:
            seen.setdefault(value, None)
    return list(seen)[:12]


def _validate(solution: Solution) -> None:
    if len(solution.body) > BODY_MAX:
        raise ValidationError(
            {
                "body": _("The text is %(n)d characters; at most %(max)d fit. Shorten it.")
                % {"n": len(solution.body), "max": BODY_MAX}
            }
        )
    if len(solution.links or "") > LINKS_MAX:
        raise ValidationError(
            {
                "links": _("The links are %(n)d characters; at most %(max)d fit. Shorten them.")
                % {"n": len(solution.links), "max": LINKS_MAX}
            }
        )
    solution.full_clean(exclude=["network", "created_by", "contact", "source_sector"])


def may_moderate(user: User | None, network: Network) -> bool:
    """May `user` publish in `network`, and make an item public? `None` is the app itself (a
    session tip promoted to a draft, the demo data), which acts for no person."""
    return user is None or has_perm(user, Perm.KENNISBANK_MODERATE, network)


def _only_moderators_make_public() -> ValidationError:
    return ValidationError(
        {
            "is_public": _(
                "Only a coordinator of this network can make a practical solution public "
                "or closed. Leave it as it is; the coordinator decides when publishing."
            )
        }
    )


def _privacy_refused(warnings: list[PrivacyWarning]) -> ValidationError:
    return ValidationError(
        _(
            "The privacy check found details that may point to a person: %(list)s. "
            "Remove them, or confirm that they may be published."
        )
        % {"list": "; ".join(w.message for w in warnings)},
        code="privacy",
    )


@transaction.atomic
def solution_create(
    *, network: Network, user: User | None, origin: str | None = None, **fields
) -> Solution:
    """A new draft. With `origin` (e.g. 'capture:12') a second call returns the first draft,
    so an item promoted twice, or a retried request, is one draft."""
    if origin:
        existing = Solution.objects.filter(origin=origin).first()
        if existing is not None:
            return existing
    if fields.get("is_public") and not may_moderate(user, network):
        raise _only_moderators_make_public()
    fields["tags"] = clean_tags(fields.get("tags"))
    if "body" in fields:  # pasted from Word or Google Docs: keep its lists and paragraphs
        fields["body"] = from_pasted(fields["body"])
    solution = Solution(network=network, created_by=user, origin=origin, **fields)
    _validate(solution)
    try:
        with transaction.atomic():
            solution.save()
    except IntegrityError:
        return Solution.objects.get(origin=origin)
    solution_index(solution=solution)
    Revision.objects.create(solution=solution, user=user, action="created", fields=[])
    return solution


@transaction.atomic
def solution_update(
    *, solution: Solution, user: User | None, privacy_confirmed: bool = False, **fields
) -> Solution:
    """Change an item. Published means moderated: a change to a published item by someone who
    may not publish it sends it back to review (hidden until a coordinator publishes it
    again, with the privacy check); a coordinator's change keeps it published, but only past
    the privacy check (or with `privacy_confirmed`). Only a coordinator makes an item public
    or closed."""
    locked = Solution.objects.select_for_update().select_related("network").get(pk=solution.pk)
    moderator = may_moderate(user, locked.network)
    if "tags" in fields:
        fields["tags"] = clean_tags(fields["tags"])
    if "body" in fields and fields["body"] != locked.body:
        # Pasted from Word or Google Docs: keep its lists and paragraphs. Only a text that was
        # edited: a text saved unchanged stays as it is (and unchanged).
        fields["body"] = from_pasted(fields["body"])
    changed = []
    for name, value in fields.items():
        if name not in EDITABLE:
            raise ValueError(name)
        current = getattr(locked, name)
        if current != value:
            setattr(locked, name, value)
            changed.append(name)
    if not changed:
        return locked
    if "is_public" in changed and not moderator:
        raise _only_moderators_make_public()
    _validate(locked)
    was_published = locked.status == Solution.Status.PUBLISHED
    stays_published = was_published and moderator
    if stays_published:
        # What readers see changes now: the same check as publishing, on every save.
        warnings = solution_privacy_check(locked)
        if warnings and not privacy_confirmed:
            raise _privacy_refused(warnings)
    if was_published:
        _words_change(locked, -1)
    if was_published and not moderator:
        locked.status = Solution.Status.REVIEW
        changed.append("status")
    locked.save()
    solution_index(solution=locked)
    if stays_published:
        _words_change(locked, +1)
    Revision.objects.create(solution=locked, user=user, action="edited", fields=changed)
    if was_published and not moderator:
        Revision.objects.create(solution=locked, user=user, action="submitted", fields=["status"])
    return locked


def participants_and_firms(network: Network) -> tuple[list[str], list[str]]:
    """Names the privacy check looks for: the network's people and their firms."""
    people = list(
        User.objects.filter(memberships__network=network)
        .exclude(full_name="")
        .values_list("full_name", flat=True)
        .distinct()
    )
    firms = list(
        Organisation.objects.filter(people__memberships__network=network)
        .values_list("name", flat=True)
        .distinct()
    )
    return people, firms


def solution_privacy_check(solution: Solution) -> list[PrivacyWarning]:
    people, firms = participants_and_firms(solution.network)
    text = "\n".join([solution.title, solution.summary, solution.body, solution.links])
    return privacy_warnings(text, people=people, firms=firms)


def _set_status(solution: Solution, status: str, user: User | None, action: str) -> Solution:
    solution.status = status
    solution.save(
        update_fields=["status", "published_at", "reviewed_at", "review_by", "updated_at"]
    )
    solution_index(solution=solution)
    Revision.objects.create(solution=solution, user=user, action=action, fields=["status"])
    return solution


def review_by_after(moment: datetime) -> date:
    """The day a published or reviewed item is due for its next review: a year on."""
    return timezone.localdate(moment + REVIEW_AFTER)


@transaction.atomic
def solution_submit(*, solution: Solution, user: User | None) -> Solution:
    locked = Solution.objects.select_for_update().get(pk=solution.pk)
    if locked.status != Solution.Status.DRAFT:
        return locked
    return _set_status(locked, Solution.Status.REVIEW, user, "submitted")


@transaction.atomic
def solution_publish(
    *, solution: Solution, user: User | None, privacy_confirmed: bool = False
) -> Solution:
    locked = Solution.objects.select_for_update().select_related("network").get(pk=solution.pk)
    if locked.status == Solution.Status.PUBLISHED:
        return locked
    if not locked.sector_ids or not locked.themes:
        raise ValidationError(_("Choose at least one HR theme and one sector before publishing."))
    warnings = solution_privacy_check(locked)
    if warnings and not privacy_confirmed:
        raise _privacy_refused(warnings)
    now = timezone.now()
    locked.published_at = locked.published_at or now
    locked.reviewed_at = now
    locked.review_by = review_by_after(now)
    _set_status(locked, Solution.Status.PUBLISHED, user, "published")
    _words_change(locked, +1)
    return locked


@transaction.atomic
def solution_archive(*, solution: Solution, user: User | None) -> Solution:
    locked = Solution.objects.select_for_update().get(pk=solution.pk)
    if locked.status == Solution.Status.ARCHIVED:
        return locked
    if locked.status == Solution.Status.PUBLISHED:
        _words_change(locked, -1)
    return _set_status(locked, Solution.Status.ARCHIVED, user, "archived")


@transaction.atomic
def solution_mark_reviewed(*, solution: Solution, user: User | None) -> Solution:
    locked = Solution.objects.select_for_update().get(pk=solution.pk)
    locked.reviewed_at = timezone.now()
    locked.review_by = review_by_after(locked.reviewed_at)
    locked.save(update_fields=["reviewed_at", "review_by"])
    Revision.objects.create(solution=locked, user=user, action="reviewed", fields=[])
    return locked


@transaction.atomic
def useful_mark(*, solution: Solution, user: User, useful: bool = True) -> int:
    """Mark (or unmark) an item as useful; one mark per person. Returns the new count."""
    if useful:
        try:
            with transaction.atomic():
                UsefulMark.objects.create(solution=solution, user=user)
        except IntegrityError:
            pass  # already marked: a double click or a retried request changes nothing
        else:
            Solution.objects.filter(pk=solution.pk).update(useful_count=F("useful_count") + 1)
    else:
        deleted, _n = UsefulMark.objects.filter(solution=solution, user=user).delete()
        if deleted:
            Solution.objects.filter(pk=solution.pk).update(useful_count=F("useful_count") - 1)
    return Solution.objects.values_list("useful_count", flat=True).get(pk=solution.pk)


def draft_from_capture(
    *,
    network: Network,
    text: str,
    kind_label: str,
    theme: str,
    sector: Sector | None,
    quarter: str,
    origin: str,
) -> Solution:
    """A tip or solution promoted from a session becomes a draft. Its source is the session's
    sector and quarter, never a name; the coordinator completes it before publishing."""
    first_line = " ".join(text.split())
    title = first_line if len(first_line) <= 80 else first_line[:77].rstrip() + "…"
    return solution_create(
        network=network,
        user=None,
        origin=origin,
        title=title,
        summary=first_line[:300],
        body=text,
        themes=[theme] if theme else [],
        sector_ids=[sector.pk] if sector else [],
        tags=[kind_label],
        source_sector=sector,
        source_quarter=quarter,
    )


def _words_change(solution: Solution, delta: int) -> None:
    """Keep the words of published items for the 'did you mean' suggestion."""
    words = Counter(
        words_of(" ".join([solution.title, solution.summary, solution.body, *solution.tags]))
    )
    if not words:
        return
    rows = list(words)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO kennisbank_searchword (word, count)
            SELECT w, GREATEST(%s, 0) FROM unnest(%s::text[]) AS w
            ON CONFLICT (word) DO UPDATE
              SET count = GREATEST(kennisbank_searchword.count + %s, 0)
            """,
            [delta, rows, delta],
        )
        if delta < 0:
            cursor.execute(
                "DELETE FROM kennisbank_searchword WHERE count = 0 AND word = ANY(%s)", [rows]
            )


def words_rebuild() -> int:
    """Rebuild the suggestion words from every published item (after a bulk load)."""
    counts: Counter[str] = Counter()
    published = Solution.objects.filter(status=Solution.Status.PUBLISHED).values_list(
        "title", "summary", "body", "tags"
    )
    for title, summary, body, tags in published.iterator(chunk_size=2000):
        counts.update(words_of(" ".join([title, summary, body, *tags])))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM kennisbank_searchword")
        with cursor.cursor.copy("COPY kennisbank_searchword (word, count) FROM STDIN") as copy:
            for word, count in counts.items():
                copy.write_row((word, count))
    return len(counts)
