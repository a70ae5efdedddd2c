"""The organisation a city's plan runs through: administrative divisions and departments."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from npgov.core.choices import DepartmentKind, DistrictKind
from npgov.core.models.base import RegistryModel
from npgov.core.permissions import REFERENCE
from npgov.science.divisions import DivisionCodeError, is_zone_code, parse_division_code


class District(RegistryModel):
    """An administrative division (GB/T 2260) or a functional zone (先导区, 功能板块).

    Zones such as Dalian's 金普新区 or Lianyungang's 徐圩新区 carry local responsibility in the
    plans but have no GB/T 2260 code; they get an internal code ``<parent code>Z<nn>``.
    """

    code = models.CharField(
        _("code"), max_length=9, unique=True,
        help_text=_("GB/T 2260 code, or <parent code>Z<nn> for a zone without an official code."),
    )  # fmt: skip
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DistrictKind.choices)
    zone_label = models.CharField(
        _("zone label"), max_length=20, blank=True, help_text=_("How the plan names the zone, e.g. 先导区, 功能板块.")
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    official_code = models.BooleanField(_("official GB/T 2260 code"), default=True)
    statistical_code = models.CharField(
        _("statistical code"),
        max_length=12,
        blank=True,
        help_text=_("NBS statistical division code, where one exists."),
    )
    verified = models.BooleanField(_("verified"), default=True)
    source = models.TextField(_("source"), blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    scope = REFERENCE

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name_zh

    def get_absolute_url(self) -> str:
        return reverse("core:district_detail", args=[self.pk])

    def is_within(self, other: District) -> bool:
        """Whether this division is ``other`` or lies below it (a district in its city, a zone in its county)."""
        node: District | None = self
        seen: set[int] = set()
        while node is not None and node.pk not in seen:
            if node.pk == other.pk:
                return True
            seen.add(node.pk)
            node = node.parent
        return False

    def clean(self) -> None:
        if self.official_code:
            try:
                parse_division_code(self.code)
            except DivisionCodeError as exc:
                raise ValidationError({"code": _("Not a valid GB/T 2260 code: %(reason)s") % {"reason": exc}}) from exc
        elif not is_zone_code(self.code):
            raise ValidationError(
                {"code": _("A zone without an official code uses <parent code>Z<nn>, e.g. 210200Z01.")}
            )
        if self.kind == DistrictKind.ZONE and self.parent_id is None:
            raise ValidationError({"parent": _("A zone belongs to a city or county.")})
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A district cannot lie inside itself.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class DepartmentFunction(models.TextChoices):
    """The declared function of a department, by which code finds it (never by its name)."""

    ECOLOGY_ENVIRONMENT = "ecology_environment", _("Ecology and environment")
    DEVELOPMENT_REFORM = "development_reform", _("Development and reform")
    SCIENCE_TECHNOLOGY = "science_technology", _("Science and technology")
    INDUSTRY_IT = "industry_it", _("Industry and information technology")
    FINANCE = "finance", _("Finance")
    HOUSING = "housing", _("Housing and urban-rural development")
    URBAN_MANAGEMENT = "urban_management", _("Urban management")
    AGRICULTURE = "agriculture", _("Agriculture and rural affairs")
    OCEAN = "ocean", _("Ocean and fisheries")
    COMMERCE = "commerce", _("Commerce")
    HEALTH = "health", _("Health")
    CUSTOMS = "customs", _("Customs")
    MARKET_REGULATION = "market_regulation", _("Market regulation")
    TAXATION = "taxation", _("Taxation")
    FINANCIAL_REGULATION = "financial_regulation", _("Financial regulation")
    SUPPLY_COOPERATIVE = "supply_cooperative", _("Supply and marketing cooperative")


class Department(RegistryModel):
    """A member of the city's cross-department coordination mechanism (跨部门协调机制)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    city = models.ForeignKey(District, verbose_name=_("city"), on_delete=models.PROTECT, related_name="departments")
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    short_name_zh = models.CharField(_("name as written in the plan"), max_length=60, blank=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    aliases = models.JSONField(
        _("other names"), default=list, blank=True, help_text=_("Other ways documents write the name.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.MUNICIPAL)
    is_lead = models.BooleanField(_("lead department"), default=False)
    function = models.CharField(
        _("function"), max_length=30, choices=DepartmentFunction.choices, blank=True, db_index=True,
        help_text=_("What the department does, e.g. customs: how the platform finds the department for a task."),
    )  # fmt: skip
    duties = models.TextField(_("duties in new-pollutant governance"), blank=True)
    source = models.TextField(_("source"), blank=True)

    history = HistoricalRecords()
    scope = REFERENCE

    class Meta:
        ordering = ["city__code", "-is_lead", "code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(
                fields=["city", "name_zh"],
                name="core_department_unique_city_name",
                violation_error_message=_("A department with this name already exists in this city."),
            ),
        ]

    def __str__(self) -> str:
        return self.name_zh

    def get_absolute_url(self) -> str:
        return reverse("core:department_detail", args=[self.pk])

    def clean(self) -> None:
        if not isinstance(self.aliases, list) or not all(isinstance(a, str) for a in self.aliases):
            raise ValidationError({"aliases": _("A list of names.")})

    def names(self) -> list[str]:
        """Every name the department goes by, for matching text of plans and documents."""
        return [n for n in [self.name_zh, self.short_name_zh, *self.aliases] if n]
