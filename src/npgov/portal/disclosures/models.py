"""Enterprises' annual environmental information disclosures (企业环境信息依法披露) of toxic substances.

A disclosure is drafted by the enterprise (pre-filled from its accepted survey report where possible) and
published; a published version is never edited: a correction is a new version of the same year.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from npgov.core.models import RegistryModel
from npgov.core.models.base import RestrictedQuerySet
from npgov.core.numbers import TONNES, range_constraint, range_validators
from npgov.core.permissions import Scope
from npgov.science.numbers import NumberRange

__all__ = ["Disclosure", "DisclosureLine", "plain_number"]

# Declared ranges (issue #16): validators for forms and the API, check constraints for the database.
DISCLOSURE_YEAR = NumberRange(2000, 2100)
AMOUNT_T = TONNES
LINE_CONCENTRATION = NumberRange(0, 1e6)  # mg/L, mg/m³ or mg/kg: 1e6 mg/kg is the whole sample

# The enterprise writes its own; its district and the bureau read; the public reads published versions.
DISCLOSURE_SCOPE = Scope(
    enterprise="enterprise", district="enterprise__district", writers=frozenset({"enterprise"}),
    public=Q(status="published"),
)  # fmt: skip
LINE_SCOPE = Scope(
    enterprise="disclosure__enterprise", district="disclosure__enterprise__district",
    writers=frozenset({"enterprise"}), public=Q(disclosure__status="published"),
)  # fmt: skip


class Disclosure(RegistryModel):
    """One version of an enterprise's disclosure for one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="disclosures"
    )
    year = models.PositiveSmallIntegerField(
        _("year disclosed"), validators=range_validators(DISCLOSURE_YEAR)
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    treatment = models.TextField(
        _("treatment of toxic substances"), blank=True, max_length=2000,
        help_text=_("How the enterprise treats and disposes of the toxic substances it emits."),
    )  # fmt: skip
    correction_note = models.CharField(
        _("what this version corrects"), max_length=300, blank=True,
        help_text=_("Required for a second or later version: what changed and why."),
    )  # fmt: skip
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("prepared by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    history = HistoricalRecords()
    scope = DISCLOSURE_SCOPE

    class Meta:
        ordering = ["-year", "enterprise", "-version"]
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "version"],
                name="portal_disclosure_unique_version",
                violation_error_message=_("This version of the disclosure already exists."),
            ),  # fmt: skip
            models.UniqueConstraint(
                fields=["enterprise", "year"],
                condition=Q(status="draft"),
                name="portal_disclosure_one_draft",
                violation_error_message=_("The enterprise already has a draft disclosure for this year."),
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="portal_disclosure_published_at"
            ),
            range_constraint("year", DISCLOSURE_YEAR, name="portal_disclosure_year_range"),
        ]
        indexes = [models.Index(fields=["status", "year"], name="portal_disclosure_status_year")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("portal:disclosure_detail", args=[self.pk])


class DisclosureLine(models.Model):
    """A toxic raw material used, or a toxic substance emitted, in the disclosed year."""

    class Kind(models.TextChoices):
        RAW_MATERIAL = "raw_material", _("Toxic raw material used")
        EMISSION = "emission", _("Toxic substance emitted")

    class Medium(models.TextChoices):
        WATER = "water", _("Wastewater")
        AIR = "air", _("Waste gas")
        SOLID = "solid", _("Solid waste")

    class ConcentrationUnit(models.TextChoices):
        MG_L = "mg/L", "mg/L"
        MG_M3 = "mg/m3", "mg/m³"
        MG_KG = "mg/kg", "mg/kg"

    disclosure = models.ForeignKey(Disclosure, verbose_name=_("disclosure"), on_delete=models.CASCADE,
                                   related_name="lines")  # fmt: skip
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    substance = models.ForeignKey("substances.Substance", verbose_name=_("substance"), on_delete=models.PROTECT,
                                  related_name="+")  # fmt: skip
    medium = models.CharField(_("emitted to"), max_length=10, choices=Medium.choices, blank=True)
    amount_t = models.DecimalField(
        _("amount (t)"), max_digits=16, decimal_places=6, validators=range_validators(AMOUNT_T),
        help_text=_("Used or emitted in the year, in tonnes."),
    )  # fmt: skip
    concentration = models.DecimalField(
        _("concentration"), max_digits=16, decimal_places=6, null=True, blank=True,
        validators=range_validators(LINE_CONCENTRATION),
    )
    concentration_unit = models.CharField(
        _("concentration unit"), max_length=8, choices=ConcentrationUnit.choices, blank=True
    )
    treatment = models.CharField(_("treatment"), max_length=500, blank=True)
    from_survey = models.BooleanField(_("taken from the survey report"), default=False)

    scope = LINE_SCOPE
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["disclosure", "kind", "pk"]
        verbose_name = _("disclosure line")
        verbose_name_plural = _("disclosure lines")
        constraints = [
            models.CheckConstraint(condition=Q(amount_t__gte=0), name="portal_disclosureline_amount_nonnegative"),
            models.CheckConstraint(
                condition=Q(concentration__isnull=True) | Q(concentration__gte=0),
                name="portal_disclosureline_concentration_nonnegative",
            ),
            models.CheckConstraint(
                condition=Q(concentration__isnull=True) | ~Q(concentration_unit=""),
                name="portal_disclosureline_concentration_has_unit",
            ),
            range_constraint("amount_t", AMOUNT_T, name="portal_disclosureline_amount_t_range"),
            range_constraint("concentration", LINE_CONCENTRATION, name="portal_disclosureline_concentration_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.substance}"

    @property
    def amount_text(self) -> str:
        return plain_number(self.amount_t)

    @property
    def concentration_text(self) -> str:
        if self.concentration is None:
            return ""
        return f"{plain_number(self.concentration)} {self.get_concentration_unit_display()}"


def plain_number(value: Decimal | None) -> str:
    """A decimal as people write it: no exponent, no trailing zeros (12.5, 0.003, 1200)."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text
