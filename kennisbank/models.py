"""The kennisbank: practical solutions (praktijkoplossingen), their history and who found them
useful. Searching uses `search_vector`: the keys of title, summary, tags, themes and body
(whether an item matches), the place of each head key (its rank tier) and the filter values, so
that one GIN index answers a whole search (`kennisbank.search`). One writer computes all of it
in Python (`kennisbank.index`), after every write.

A search reads thousands of rows, so the row is kept narrow: the texts and the vector are
stored out of line (migrations 0004 and 0007)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from praktijktafel.dates import stored_quarter_label
from praktijktafel.models import Network, Sector, SizeClass
from praktijktafel.themes import Theme

TITLE_MAX = 200
SUMMARY_MAX = 300
BODY_MAX = 20_000
LINKS_MAX = 3_000
REVIEW_AFTER = timedelta(days=365)  # a published item is looked at again a year on


class Level(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


class Solution(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("For review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="solutions", verbose_name=_("network")
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    summary = models.CharField(_("summary in one line"), max_length=SUMMARY_MAX)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown: **bold**, lists, links."))
    themes = ArrayField(
        models.CharField(max_length=20, choices=Theme.choices),
        verbose_name=_("HR themes"),
        default=list,
        blank=True,
    )
    sector_ids = ArrayField(
        models.IntegerField(), verbose_name=_("sectors"), default=list, blank=True
    )
    tags = ArrayField(
        models.CharField(max_length=40), verbose_name=_("tags"), default=list, blank=True
    )
    sizes = ArrayField(
        models.CharField(max_length=10, choices=SizeClass.choices),
        verbose_name=_("company sizes it fits"),
        default=list,
        blank=True,
    )
    effort = models.CharField(_("effort"), max_length=10, choices=Level.choices, blank=True)
    cost = models.CharField(_("cost"), max_length=10, choices=Level.choices, blank=True)
    links = models.TextField(
        _("links and sources"), blank=True, help_text=_("One per line: a title, then the address.")
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person"),
        help_text=_("Shown only while this person consents to sharing their contact details."),
    )
    source_sector = models.ForeignKey(
        Sector, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_quarter = models.CharField(_("from the session of"), max_length=20, blank=True)
    source_size = models.CharField(
        _("from a firm of"),
        max_length=10,
        choices=SizeClass.choices,
        blank=True,
        help_text=_("The size of the firm where it was tried, if you know it."),
    )
    origin = models.CharField(max_length=50, unique=True, null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Readable without logging in.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(_("last reviewed"), null=True, blank=True)
    # Knowledge goes stale: a published item is looked at again by this day (a year after
    # publishing or the last review); the moderation page and the quarterly page list it.
    review_by = models.DateField(_("review by"), null=True, blank=True)
    useful_count = models.PositiveIntegerField(default=0)
    search_vector = SearchVectorField(null=True, editable=False)  # what matches, tiers, filters
    # The filter values (`kennisbank.facets`) as `FacetValue` ids, written by `kennisbank.index`:
    # a search counts the values of thousands of matches, and integers count fastest.
    facet_codes = ArrayField(models.IntegerField(), default=list, blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("practical solution")
        verbose_name_plural = _("practical solutions")
        indexes = [
            GinIndex(fields=["themes"], name="solution_themes"),
            GinIndex(fields=["tags"], name="solution_tags"),
            GinIndex(fields=["sector_ids"], name="solution_sectors"),
            models.Index(fields=["status", "-published_at"], name="solution_status_published"),
        ]

    def __str__(self) -> str:
        return self.title

    def size_labels(self) -> list[str]:
        """'5 tot 9 medewerkers', as the search filters write a size; never the code '5-9'."""
        labels = dict(SizeClass.choices)
        return [str(labels.get(code, code)) for code in self.sizes]

    @property
    def theme_labels(self) -> list[str]:
        return [str(Theme(t).label) for t in self.themes if t in Theme.values]

    @property
    def source_quarter_label(self) -> str:
        """The stored source quarter ('2027 K1') in the reader's language ('2027 Q1')."""
        return stored_quarter_label(self.source_quarter)

    @property
    def slug(self) -> str:
        return slugify(self.title)[:60] or "item"


class Revision(models.Model):
    """Who changed what, and when."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        EDITED = "edited", _("edited")
        SUBMITTED = "submitted", _("sent for review")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")
        REVIEWED = "reviewed", _("reviewed")

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="revisions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=30, choices=Action.choices)
    fields = ArrayField(models.CharField(max_length=40), default=list)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} · {self.solution_id}"

    def field_labels(self) -> list[str]:
        """The changed fields as the form names them ("titel"), not by their code name."""
        labels = []
        for name in self.fields:
            try:
                field = Solution._meta.get_field(name)
            except FieldDoesNotExist:
                labels.append(name)
            else:
                labels.append(str(getattr(field, "verbose_name", name)))
        return labels


class UsefulMark(models.Model):
    """'Bruikbaar / heb ik toegepast': one per person per item."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["solution", "user"], name="useful_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.solution_id}"


class SearchEntry(models.Model):
    """What a search reads of one item, in a narrow row of its own (about 130 bytes, against
    over 300 for the item's row): who may read it, when it was published, its filter values
    as codes and its search vector (out of line; the GIN index is on this table). A broad
    word matches thousands of items, and a search reads each match's row once to count it;
    the narrower the row, the fewer pages.

    Written only by `kennisbank.index`, after every write of its item; the database removes it
    with its item (a foreign key, migration 0014)."""

    id = models.BigIntegerField(primary_key=True)  # the item's id
    published_at = models.DateTimeField(null=True)
    network_id = models.BigIntegerField()
    is_public = models.BooleanField()
    published = models.BooleanField()
    facet_codes = ArrayField(models.IntegerField(), default=list)
    search_vector = SearchVectorField(null=True)

    class Meta:
        indexes = [
            GinIndex(fields=["search_vector"], name="searchentry_search"),
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(published=True),
                name="searchentry_newest",
            ),
        ]

    def __str__(self) -> str:
        return f"search entry {self.pk}"


class FacetValue(models.Model):
    """A value the search can be filtered by (`kennisbank.facets`), numbered for
    `Solution.facet_codes`. `kennisbank.index` adds a value the first time an item has it;
    nothing else writes here."""

    id = models.AutoField(primary_key=True)  # an int: the codes are int[]
    kind = models.CharField(max_length=10)  # a facet's name: theme, sector, size, tag, …
    value = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="kennisbank_facetvalue_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.value}"


class SearchWord(models.Model):
    """Words of published items, for the 'did you mean' suggestion (trigram similarity)."""

    word = models.CharField(max_length=60, primary_key=True)
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.word


class SynonymGroup(models.Model):
    """Words of the trade that find each other in a search, added by a coordinator in the admin
    to the groups of `kennisbank/data/synonyms_nl.txt` (`kennisbank.synonyms`)."""

    words = models.TextField(
        _("words"),
        help_text=_(
            "Words or short phrases that mean the same to an ondernemer, separated by commas, "
            "e.g. 'dakdekker, pannenlegger'."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("related words")
        verbose_name_plural = _("related words")

    def __str__(self) -> str:
        return self.words

    def clean(self) -> None:
        from kennisbank.synonyms import parse_groups

        if not parse_groups(self.words):
            raise ValidationError(
                {"words": _("Give at least two words, separated by a comma: 'bbl, leerwerkplek'.")}
            )
