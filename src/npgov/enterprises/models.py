"""Enterprises and their industry, park, discharge permits and cleaner-production audits."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from npgov.core.choices import Role
from npgov.core.models import District, RegistryModel
from npgov.core.numbers import range_constraint, range_validators
from npgov.core.permissions import REFERENCE, Scope
from npgov.enterprises.choices import (
    AuditKind,
    AuditStatus,
    EnterpriseStatus,
    IndustryLevel,
    LimitUnit,
    PermitKind,
    PermitLimitKind,
    SurveyScope,
)
from npgov.enterprises.constants import CHINA_LATITUDE, CHINA_LONGITUDE
from npgov.science.identifiers import IdentifierError, normalise_uscc
from npgov.science.limits import LimitError, limit_canonical
from npgov.science.numbers import NumberRange

__all__ = ["CleanerProductionAudit", "Enterprise", "Industry", "Park", "Permit", "PermitLimit"]

# Declared ranges (issue #16): validators for forms, importers and the API, check constraints for the database.
ENTERPRISE_LATITUDE = NumberRange(*CHINA_LATITUDE)
ENTERPRISE_LONGITUDE = NumberRange(*CHINA_LONGITUDE)
# In the unit the permit writes (up to g/a and ng/L); the kind's canonical range is checked by ``clean``.
PERMIT_LIMIT_VALUE = NumberRange(0, 1e12, minimum_inclusive=False)
AUDIT_YEAR = NumberRange(2000, 2100)


class Industry(RegistryModel):
    """A category of the national industry classification GB/T 4754-2017 (section, division, group, class)."""

    code = models.CharField(_("code"), max_length=5, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=IndustryLevel.choices)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    plan_focus = models.CharField(
        _("key industry named in the plans"),
        max_length=40,
        blank=True,
        help_text=_("e.g. 石化, 化工, 医药, 农药, 印染, 电镀, 电子"),
    )
    survey_scope = models.CharField(
        _("chemical information survey scope"),
        max_length=10,
        choices=SurveyScope.choices,
        default=SurveyScope.OUT,
        help_text=_("From enterprises/data/survey_industries.yaml (统计调查涉及国民经济行业清单)."),
    )
    source = models.TextField(_("source"), blank=True)

    scope = REFERENCE

    class Meta:
        ordering = ["code"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"


class Park(RegistryModel):
    """An industrial park (工业园区 / 化工园区)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT)
    chemical_park = models.BooleanField(_("chemical park"), default=False)

    history = HistoricalRecords()
    scope = REFERENCE

    class Meta:
        ordering = ["name"]
        verbose_name = _("industrial park")
        verbose_name_plural = _("industrial parks")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("enterprises:park_detail", args=[self.pk])


class Enterprise(RegistryModel):
    """An enterprise that reports to or is regulated through the platform, by its unified social credit code."""

    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    name = models.CharField(_("name"), max_length=200)
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="enterprises"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, validators=range_validators(ENTERPRISE_LATITUDE))
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=range_validators(ENTERPRISE_LONGITUDE)
    )
    industry = models.ForeignKey(
        Industry, verbose_name=_("industry"), on_delete=models.PROTECT, limit_choices_to={"level": IndustryLevel.CLASS}
    )
    park = models.ForeignKey(Park, verbose_name=_("industrial park"), null=True, blank=True, on_delete=models.PROTECT)
    contact_name = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EnterpriseStatus.choices, default=EnterpriseStatus.OPERATING
    )
    key_discharge_unit = models.BooleanField(
        _("key pollutant discharge unit"),
        default=False,
        help_text=_("As designated by the bureau (重点排污单位). The compliance check suggests designations."),
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporting users"),
        blank=True,
        related_name="enterprises",
        limit_choices_to={"role": Role.ENTERPRISE},
    )

    history = HistoricalRecords(m2m_fields=[])
    # The register (name, address, industry) is not confidential; an enterprise sees only itself.
    scope = Scope(district="district", enterprise="self", confidential=False, writers=frozenset())

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        indexes = [models.Index(fields=["district", "industry"], name="ent_district_industry")]
        constraints = [
            range_constraint("latitude", ENTERPRISE_LATITUDE, name="enterprises_enterprise_latitude_range"),
            range_constraint("longitude", ENTERPRISE_LONGITUDE, name="enterprises_enterprise_longitude_range"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("enterprises:enterprise_detail", args=[self.pk])

    def clean(self) -> None:
        try:
            self.uscc = normalise_uscc(self.uscc)
        except IdentifierError as exc:
            raise ValidationError({"uscc": uscc_error_message(exc)}) from exc
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": _("Give both coordinates or neither.")})


def uscc_error_message(exc: IdentifierError) -> str:
    if exc.code == "uscc_check_character":
        return str(
            _("Unified social credit code %(value)s: the check character should be %(expected)s, not %(found)s.")
            % {"value": exc.value, **exc.params}
        )
    return str(
        _(
            "%(value)s is not a unified social credit code (18 characters, digits and capital letters "
            "without I, O, S, V, Z)."
        )
        % {"value": exc.value}
    )


class Permit(RegistryModel):
    """A discharge permit (排污许可证) or discharge registration (排污登记表) of an enterprise."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="permits"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PermitKind.choices)
    number = models.CharField(_("permit number"), max_length=60)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    states_new_pollutant_controls = models.BooleanField(
        _("states the new-pollutant control requirements"),
        default=False,
        help_text=_("Lianyungang task 12: the permit or registration states the control standards and measures."),
    )

    history = HistoricalRecords()
    scope = Scope(district="enterprise__district", enterprise="enterprise", confidential=False, writers=frozenset())

    class Meta:
        ordering = ["enterprise", "-valid_until"]
        verbose_name = _("discharge permit")
        verbose_name_plural = _("discharge permits")
        constraints = [models.UniqueConstraint(fields=["kind", "number"], name="enterprises_permit_unique_number")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("enterprises:permit_detail", args=[self.pk])

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The permit expires before it is valid.")})


class PermitLimit(RegistryModel):
    """A substance a permit names, with its limit: a concentration in discharge or emission, or an annual amount."""

    permit = models.ForeignKey(Permit, verbose_name=_("discharge permit"), on_delete=models.CASCADE,
                               related_name="limits")  # fmt: skip
    substance = models.ForeignKey(
        "substances.Substance", verbose_name=_("substance"), on_delete=models.PROTECT, related_name="permit_limits"
    )
    kind = models.CharField(_("kind of limit"), max_length=24, choices=PermitLimitKind.choices)
    value = models.FloatField(_("limit value"), validators=range_validators(PERMIT_LIMIT_VALUE))
    unit = models.CharField(_("unit"), max_length=10, choices=LimitUnit.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()
    scope = Scope(
        district="permit__enterprise__district", enterprise="permit__enterprise", confidential=False,
        writers=frozenset(),
    )  # fmt: skip

    class Meta:
        ordering = ["permit", "kind", "substance"]
        verbose_name = _("permit limit")
        verbose_name_plural = _("permit limits")
        constraints = [
            models.UniqueConstraint(fields=["permit", "substance", "kind"], name="enterprises_permitlimit_unique"),
            range_constraint("value", PERMIT_LIMIT_VALUE, name="enterprises_permitlimit_value_range"),
        ]

    def __str__(self) -> str:
        return f"{self.substance} {self.value:g} {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("enterprises:permit_detail", args=[self.permit_id])

    @property
    def as_written(self) -> str:
        """The limit as the permit writes it ("0.5 µg/L")."""
        return f"{self.value:g} {self.unit}"

    @property
    def canonical(self) -> str:
        """The limit in its kind's canonical unit ("0.5 mg/L"), or "" when it cannot be converted."""
        try:
            limit = limit_canonical(self.value, self.unit, self.kind)
        except LimitError:
            return ""
        return f"{limit.value:g} {limit.unit}"

    def clean(self) -> None:
        if self.value is None or not self.kind or not self.unit:
            return
        try:
            limit_canonical(self.value, self.unit, self.kind)
        except LimitError as exc:
            raise ValidationError({exc_field(exc): limit_error_message(exc)}, code=exc.code) from exc


def exc_field(exc: LimitError) -> str:
    return "unit" if exc.code == "unit" else "value"


def limit_error_message(exc: LimitError) -> str:
    if exc.code == "not_finite":
        return str(_("Give a finite number."))
    if exc.code == "not_positive":
        return str(_("A limit must be greater than zero."))
    if exc.code == "unit":
        return str(_("This kind of limit is written in one of: %(units)s.") % {"units": exc.params["expected"]})
    return str(
        _("Above %(maximum)s %(unit)s after conversion: check the value and the unit.")
        % {"maximum": f"{exc.params['maximum']:g}", "unit": exc.params["unit"]}
    )


class CleanerProductionAudit(RegistryModel):
    """A cleaner-production audit (清洁生产审核) of an enterprise."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="audits"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=range_validators(AUDIT_YEAR))
    kind = models.CharField(_("kind"), max_length=20, choices=AuditKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=AuditStatus.choices, default=AuditStatus.REQUIRED)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    scope = Scope(district="enterprise__district", enterprise="enterprise", confidential=False, writers=frozenset())

    class Meta:
        ordering = ["enterprise", "-year"]
        verbose_name = _("cleaner-production audit")
        verbose_name_plural = _("cleaner-production audits")
        constraints = [range_constraint("year", AUDIT_YEAR, name="enterprises_cleanerproductionaudit_year_range")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return self.enterprise.get_absolute_url()
