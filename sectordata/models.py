"""Sector figures with their provenance. One Dataset is one imported version of a table."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from praktijktafel.models import Sector


class Dataset(models.Model):
    table_id = models.CharField(_("table"), max_length=100, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    source = models.CharField(_("source"), max_length=150, default="CBS StatLine")
    publisher = models.CharField(_("publisher"), max_length=150, blank=True)
    licence = models.CharField(_("licence or attribution"), max_length=300, blank=True)
    period_from = models.CharField(_("first period"), max_length=20, blank=True)
    period_to = models.CharField(_("last period"), max_length=20, blank=True)
    file_hash = models.CharField(_("file hash (SHA-256)"), max_length=64, unique=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    is_current = models.BooleanField(_("current version"), default=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    figure_count = models.PositiveIntegerField(_("figures"), default=0)
    dimensions = models.JSONField(_("dimensions"), default=list)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    period_labels = models.JSONField(
        _("period labels"),
        default=dict,
        blank=True,
        help_text=_("Labels from the metadata file, by period code (e.g. 2010X000)."),
    )
    source_modified = models.CharField(_("modified at the source"), max_length=40, blank=True)
    labels_from_metadata = models.BooleanField(_("labels from a metadata file"), default=False)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        constraints = [
            models.UniqueConstraint(
                fields=["table_id"],
                condition=models.Q(is_current=True),
                name="dataset_one_current_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.table_id}: {self.title}"


class Indicator(models.Model):
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)

    class Meta:
        ordering = ["dataset", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "code"], name="indicator_unique_code"),
        ]

    def __str__(self) -> str:
        return self.title


class DimensionValue(models.Model):
    class Kind(models.TextChoices):
        SECTOR = "sector", _("Sector (SBI)")
        SIZE = "size", _("Company size")
        TOTAL = "total", _("Total")
        OTHER = "other", _("Other")

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="dim_values")
    dimension = models.CharField(_("dimension"), max_length=100)
    code = models.CharField(_("code"), max_length=100)
    label = models.CharField(_("label"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    sbi_code = models.CharField(_("SBI code"), max_length=10, blank=True)

    class Meta:
        ordering = ["dataset", "dimension", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "dimension", "code"], name="dimension_value_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.label or self.code


def _dimension() -> models.ForeignKey:
    """A dimension value of a figure: no per-row check and no index of its own (see Figure)."""
    return models.ForeignKey(
        DimensionValue,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )


DIM_FIELDS = ("dim1_id", "dim2_id", "dim3_id", "dim4_id")


class Figure(models.Model):
    """One number. Up to four dimension values besides the period; none is summed away.

    Millions of rows arrive by COPY, so this table is kept nearly plain: no per-row foreign
    key checks and one composite index. The importer writes only ids it created in the same
    transaction, and figures go with their dataset (Django deletes them in one statement).
    """

    class PeriodKind(models.TextChoices):
        YEAR = "JJ", _("Year")
        QUARTER = "KW", _("Quarter")
        MONTH = "MM", _("Month")
        OTHER = "XX", _("Other")

    dataset = models.ForeignKey(
        Dataset,
        on_delete=models.CASCADE,
        related_name="figures",
        db_constraint=False,
        db_index=False,
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="figures",
        db_constraint=False,
        db_index=False,
    )
    period = models.CharField(max_length=20)
    period_kind = models.CharField(max_length=2, choices=PeriodKind.choices)
    period_start = models.DateField(null=True)
    dim1 = _dimension()
    dim2 = _dimension()
    dim3 = _dimension()
    dim4 = _dimension()
    value = models.FloatField(null=True)

    class Meta:
        indexes = [models.Index(fields=["dataset", "indicator", "dim1", "period_start"])]

    def __str__(self) -> str:
        return f"{self.period}: {self.value}"


class SectorCode(models.Model):
    """How a CBS code (key or SBI code) maps to one of our sectors; kept by the coordinator."""

    code = models.CharField(_("CBS or SBI code"), max_length=100, unique=True)
    sector = models.ForeignKey(
        Sector, on_delete=models.CASCADE, related_name="cbs_codes", verbose_name=_("sector")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("sector code mapping")
        verbose_name_plural = _("sector code mappings")

    def __str__(self) -> str:
        return f"{self.code} → {self.sector}"
