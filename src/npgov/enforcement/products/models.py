"""Product sampling: categories, content limits, samples and results (Dalian task (五), Lianyungang task 8).

A content limit is what a product standard allows of one substance, or of the sum of several
(DEHP + DBP + BBP ≤ 0.1 % in toys, GB 6675.1-2014), in one product category. A sample's results are
judged against the limits of its category and of the category above it; each result keeps the limit
it was judged by, with the limit's value, unit and standard as they were then, so that a later change
of the limits table does not silently rewrite past verdicts.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from npgov.core.choices import Role
from npgov.core.models import Department, District, ImportBatch, RegistryModel
from npgov.core.numbers import CONCENTRATION, POSITIVE_CONCENTRATION, range_constraint, range_validators
from npgov.core.permissions import REFERENCE, Scope
from npgov.science import products
from npgov.science.numbers import NumberRange

__all__ = ["ContentLimit", "ProductCategory", "ProductResult", "ProductSample"]

# Declared ranges (issue #16). Values as reported (%, g/kg, mg/kg, µg/kg) and limits in their own unit are finite
# and not negative; in mg/kg a mass fraction cannot exceed 1,000,000 (the whole sample), so "1e308" or a slip of
# the unit is refused instead of failing the sample.
PRODUCT_VALUE = CONCENTRATION
PRODUCT_MG_KG = NumberRange(0, 1e6, unit="mg/kg")
PRODUCT_LIMIT = POSITIVE_CONCENTRATION

# Sampling records are not confidential among officials: departments read all and write their own
# department's (the sampling department: 市场监管局); a district reads samples taken in it; a producer
# reads its own products' samples (DESIGN.md roles table).
SAMPLE_SCOPE = Scope(
    department="department", district="district", enterprise="producer", confidential=False,
    writers=frozenset({Role.DEPARTMENT}),
)  # fmt: skip
RESULT_SCOPE = Scope(
    department="sample__department", district="sample__district", enterprise="sample__producer", confidential=False,
    writers=frozenset({Role.DEPARTMENT}),
)  # fmt: skip


class LimitBasis(models.TextChoices):
    EACH = products.EACH, _("each substance")
    SUM = products.SUM, _("sum of the substances")


class Measurement(models.TextChoices):
    CONTENT = products.CONTENT, _("content")
    MIGRATION = products.MIGRATION, _("migration")


class MassUnit(models.TextChoices):
    """Mass fractions the standards and lab reports use (0.1 % = 1000 mg/kg)."""

    PERCENT = products.PERCENT, _("% (mass fraction)")
    G_KG = products.G_KG, "g/kg"
    MG_KG = products.MG_KG, "mg/kg"
    UG_KG = products.UG_KG, "µg/kg"


def plain_number(value: float | None) -> str:
    """A number as people write it: no exponent, no trailing zeros (0.1, 1000, 0.00025)."""
    if value is None:
        return ""
    return format(Decimal(repr(float(value))).normalize(), "f")


class Verdict(models.TextChoices):
    PASS = "pass", pgettext_lazy("product verdict", "Pass")
    FAIL = "fail", pgettext_lazy("product verdict", "Fail")
    NO_LIMIT = "no_limit", _("No applicable limit")


class SampleVerdict(models.TextChoices):
    PENDING = "pending", _("No results yet")
    PASS = "pass", pgettext_lazy("product verdict", "Pass")
    FAIL = "fail", pgettext_lazy("product verdict", "Fail")
    NO_LIMIT = "no_limit", _("No applicable limit")


class ProductCategory(RegistryModel):
    """A kind of product that sampling covers (玩具, 学生用品 …), or a sub-category a standard singles out."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent category"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )  # fmt: skip
    description = models.TextField(_("scope"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()
    scope = REFERENCE

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")

    def __str__(self) -> str:
        return self.name_zh

    def get_absolute_url(self) -> str:
        return reverse("enforcement:limit_list") + f"?category={self.pk}"

    def clean(self) -> None:
        # Two levels only: the trend page rolls sub-categories up into their parent.
        if self.parent is not None and (self.parent.parent_id is not None or self.parent.pk == self.pk):
            raise ValidationError({"parent": _("A sub-category belongs to a top-level category.")})

    def lineage_ids(self) -> list[int]:
        """This category and the one above it: the categories whose limits apply to its samples."""
        return [self.pk, self.parent_id] if self.parent_id else [self.pk]


class ContentLimit(RegistryModel):
    """A product standard's limit on a substance's content or migration, for each or for the sum of several.

    A row without a numeric limit or without linked substances (a ban, a material-specific rule) is a
    note: it is listed with its standard but not applied to results. Values from memory are loaded
    with ``verified`` false; ``active`` false keeps a limit (a draft revision) out of the checks.
    """

    key = models.CharField(_("key"), max_length=80, unique=True, help_text=_("Stable key of the data file row."))
    category = models.ForeignKey(
        ProductCategory, verbose_name=_("product category"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="limits", help_text=_("Empty: all products."),
    )  # fmt: skip
    substance_text = models.CharField(_("substances as the standard names them"), max_length=300)
    substances = models.ManyToManyField(
        "substances.Substance", verbose_name=_("substances"), blank=True, related_name="+"
    )
    basis = models.CharField(_("basis"), max_length=10, choices=LimitBasis.choices, default=LimitBasis.EACH)
    measurement = models.CharField(
        _("measured as"), max_length=20, choices=Measurement.choices, default=Measurement.CONTENT
    )
    limit_value = models.FloatField(_("limit"), null=True, blank=True, validators=range_validators(PRODUCT_LIMIT))
    unit = models.CharField(_("unit"), max_length=10, choices=MassUnit.choices, blank=True)
    basis_text = models.CharField(_("applies to"), max_length=300, blank=True)
    standard = models.CharField(_("standard"), max_length=120)
    standard_title = models.CharField(_("title of the standard"), max_length=200, blank=True)
    source = models.TextField(_("source"), blank=True)
    verified = models.BooleanField(_("verified"), default=True)
    active = models.BooleanField(_("applied in checks"), default=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    scope = REFERENCE

    class Meta:
        ordering = ["category__position", "category__code", "standard", "key"]
        verbose_name = _("content limit")
        verbose_name_plural = _("content limits")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(limit_value__isnull=True) | models.Q(limit_value__gt=0),
                name="enf_contentlimit_positive",
                violation_error_message=_("A limit is a positive number."),
            ),
            models.CheckConstraint(
                condition=models.Q(limit_value__isnull=True) | ~models.Q(unit=""),
                name="enf_contentlimit_unit",
                violation_error_message=_("A limit needs its unit."),
            ),
            range_constraint("limit_value", PRODUCT_LIMIT, name="enforcement_contentlimit_limit_value_range"),
        ]

    def __str__(self) -> str:
        value = self.limit_display or _("no numeric limit")
        return f"{self.standard} · {self.substance_text} · {value}"

    def get_absolute_url(self) -> str:
        return reverse("enforcement:limit_detail", args=[self.pk])

    @property
    def limit_display(self) -> str:
        return f"{plain_number(self.limit_value)} {self.unit}" if self.limit_value is not None else ""

    @property
    def limit_mg_kg(self) -> float | None:
        if self.limit_value is None or not self.unit:
            return None
        return products.to_mg_kg(self.limit_value, self.unit)


class ProductSample(RegistryModel):
    """A product sampled for testing (抽样): what, made by whom, bought where, when, by which department."""

    code = models.CharField(
        _("sample code"), max_length=60, unique=True, help_text=_("The number on the sampling form (抽样单编号).")
    )
    category = models.ForeignKey(
        ProductCategory, verbose_name=_("product category"), on_delete=models.PROTECT, related_name="samples"
    )
    product_name = models.CharField(_("product name"), max_length=200)
    brand = models.CharField(_("brand"), max_length=100, blank=True)
    model_number = models.CharField(_("model / specification"), max_length=100, blank=True)
    batch_number = models.CharField(_("production batch or date"), max_length=60, blank=True)
    producer = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("producer (registered enterprise)"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="product_samples",
    )  # fmt: skip
    producer_name = models.CharField(_("producer name"), max_length=200, blank=True)
    seller_name = models.CharField(_("seller"), max_length=200, blank=True)
    place = models.CharField(_("sampling place"), max_length=200, blank=True)
    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+")
    sampled_on = models.DateField(_("sampled on"))
    department = models.ForeignKey(
        Department, verbose_name=_("sampling department"), on_delete=models.PROTECT, related_name="+"
    )
    verdict = models.CharField(
        _("verdict"), max_length=10, choices=SampleVerdict.choices, default=SampleVerdict.PENDING, editable=False
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    scope = SAMPLE_SCOPE

    class Meta:
        ordering = ["-sampled_on", "-pk"]
        verbose_name = _("product sample")
        verbose_name_plural = _("product samples")
        indexes = [
            # The trend page groups by category and period; the list filters by verdict.
            models.Index(fields=["category", "sampled_on"], name="enf_psample_category_date"),
            models.Index(fields=["verdict", "sampled_on"], name="enf_psample_verdict_date"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.product_name}"

    def get_absolute_url(self) -> str:
        return reverse("enforcement:product_sample_detail", args=[self.pk])

    def clean(self) -> None:
        if self.producer_id is None and not self.producer_name.strip():
            raise ValidationError({"producer_name": _("Name the producer, or choose it among registered enterprises.")})
        if self.producer is not None and not self.producer_name.strip():
            self.producer_name = self.producer.name


class ProductResult(RegistryModel):
    """One substance tested in one sample, as the lab reported it, with its verdict against the limits.

    ``value`` is the number as reported in ``unit`` (for a non-detect, the detection limit if the lab
    gave one); ``value_mg_kg`` is the same in mg/kg, and 0 for a non-detect (it adds nothing to a sum).
    The verdict fields are written by ``products.services.sample_evaluate`` only.
    """

    sample = models.ForeignKey(
        ProductSample, verbose_name=_("sample"), on_delete=models.CASCADE, related_name="results"
    )
    substance = models.ForeignKey(
        "substances.Substance", verbose_name=_("substance"), on_delete=models.PROTECT, related_name="+"
    )
    measurement = models.CharField(
        _("measured as"), max_length=20, choices=Measurement.choices, default=Measurement.CONTENT
    )
    value_reported = models.CharField(_("value as reported"), max_length=40)
    detected = models.BooleanField(_("detected"), default=True)
    value = models.FloatField(_("value"), null=True, blank=True, validators=range_validators(PRODUCT_VALUE))
    unit = models.CharField(_("unit"), max_length=10, choices=MassUnit.choices)
    value_mg_kg = models.FloatField(_("value (mg/kg)"), validators=range_validators(PRODUCT_MG_KG))
    lab = models.CharField(_("laboratory"), max_length=200, blank=True)
    method = models.CharField(_("test method"), max_length=120, blank=True)
    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("import batch"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # the verdict and the limit it was judged by, as the limit was at the time
    verdict = models.CharField(
        _("verdict"), max_length=10, choices=Verdict.choices, default=Verdict.NO_LIMIT, editable=False
    )
    limit = models.ForeignKey(
        ContentLimit, verbose_name=_("limit applied"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )  # fmt: skip
    limit_value = models.FloatField(_("limit value"), null=True, blank=True, editable=False,
                                    validators=range_validators(PRODUCT_LIMIT))
    limit_unit = models.CharField(_("limit unit"), max_length=10, blank=True, editable=False)
    limit_basis = models.CharField(_("limit basis"), max_length=10, blank=True, editable=False)
    limit_standard = models.CharField(_("standard"), max_length=120, blank=True, editable=False)
    limit_verified = models.BooleanField(_("limit verified"), default=False, editable=False)
    compared_value = models.FloatField(
        _("compared value"), null=True, blank=True, editable=False, validators=range_validators(PRODUCT_VALUE),
        help_text=_("The value, or the sum over the limit's substances, in the limit's unit."),
    )  # fmt: skip

    history = HistoricalRecords()
    scope = RESULT_SCOPE

    class Meta:
        ordering = ["sample", "substance__name_zh", "pk"]
        verbose_name = _("product test result")
        verbose_name_plural = _("product test results")
        constraints = [
            models.UniqueConstraint(
                fields=["sample", "substance", "measurement"],
                name="enf_presult_unique",
                violation_error_message=_("This sample already has a result for this substance."),
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=0),
                name="enf_presult_value_not_negative",
                violation_error_message=_("A content cannot be negative."),
            ),
            range_constraint("value", PRODUCT_VALUE, name="enforcement_productresult_value_range"),
            range_constraint("value_mg_kg", PRODUCT_MG_KG, name="enforcement_productresult_value_mg_kg_range"),
            range_constraint("limit_value", PRODUCT_LIMIT, name="enforcement_productresult_limit_value_range"),
            range_constraint("compared_value", PRODUCT_VALUE, name="enforcement_productresult_compared_value_range"),
        ]

    def __str__(self) -> str:
        return f"{self.sample.code} · {self.substance} · {self.value_reported} {self.unit}"

    def get_absolute_url(self) -> str:
        return self.sample.get_absolute_url()

    @property
    def compared_display(self) -> str:
        return f"{plain_number(self.compared_value)} {self.limit_unit}" if self.compared_value is not None else ""

    @property
    def limit_display(self) -> str:
        return f"{plain_number(self.limit_value)} {self.limit_unit}" if self.limit_value is not None else ""
