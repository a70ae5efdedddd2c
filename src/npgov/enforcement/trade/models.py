"""Import/export checks on listed chemicals (customs, commerce).

The release notice (有毒化学品进（出）口环境管理放行通知单) is required for every import or export of
a chemical on the China Strictly Restricted Toxic Chemicals List (CN-SRTC): the exporter or importer
obtains it from the MEE and presents it to customs (CN-SRTC measures, regulations/data/CN-SRTC.yaml).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from npgov.core.choices import Role
from npgov.core.models import Department, RegistryModel
from npgov.core.numbers import range_constraint, range_validators
from npgov.core.permissions import Scope
from npgov.science.numbers import NumberRange

__all__ = ["TradeCheck"]

# Customs and commerce write their own checks; every department reads them; a district reads the checks
# of its enterprises, an enterprise its own (read-only).
TRADE_SCOPE = Scope(
    department="department", district="enterprise__district", enterprise="enterprise", confidential=False,
    writers=frozenset({Role.DEPARTMENT}),
)  # fmt: skip

HS_CODE = RegexValidator(r"^\d{6,10}$", _("An HS code has 6 to 10 digits (dots and spaces are left out)."))


def normalise_hs_code(text: str) -> str:
    """An HS code as stored: digits only ("2903.12.00" → "29031200")."""
    return "".join(ch for ch in text.strip() if ch not in ". \u3000")


class TradeDirection(models.TextChoices):
    IMPORT = "import", pgettext_lazy("trade", "Import")
    EXPORT = "export", pgettext_lazy("trade", "Export")


class TradeResult(models.TextChoices):
    COMPLIANT = "compliant", _("Compliant")
    VIOLATION = "violation", _("Violation")


class ViolationKind(models.TextChoices):
    MISSING_RELEASE_NOTICE = "missing_release_notice", _("No release notice for a strictly restricted chemical")
    BANNED = "banned", _("Import or export of a banned chemical")
    MISDECLARED = "misdeclared", _("False or incomplete declaration")
    OTHER = "other", _("Other violation")


class QuantityUnit(models.TextChoices):
    KG = "kg", "kg"
    TONNE = "t", "t"
    LITRE = "L", "L"


# Declared range (issue #16): in kg or t as declared; positive and finite, and within what the column holds
# (14 digits, 3 after the point).
TRADE_QUANTITY = NumberRange(0, 1e10, minimum_inclusive=False)


class TradeCheck(RegistryModel):
    """A check of one declared import or export of a chemical, by customs or commerce, and its result."""

    checked_on = models.DateField(_("date"))
    direction = models.CharField(_("direction"), max_length=10, choices=TradeDirection.choices)
    declaration_number = models.CharField(_("customs declaration number"), max_length=40, blank=True)
    hs_code = models.CharField(_("HS code"), max_length=10, validators=[HS_CODE])
    substance = models.ForeignKey(
        "substances.Substance", verbose_name=_("substance"), on_delete=models.PROTECT, related_name="+"
    )
    declared_use = models.CharField(_("declared purpose"), max_length=200, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3,
                                   validators=range_validators(TRADE_QUANTITY))
    quantity_unit = models.CharField(_("unit"), max_length=4, choices=QuantityUnit.choices, default=QuantityUnit.KG)
    release_notice_number = models.CharField(
        _("release notice number"), max_length=60, blank=True,
        help_text=_("放行通知单编号: required for chemicals on the strictly restricted toxic chemicals list."),
    )  # fmt: skip
    on_strictly_restricted_list = models.BooleanField(
        _("on the strictly restricted list"), default=False, editable=False,
        help_text=_("Whether the substance was on CN-SRTC when the check was saved."),
    )  # fmt: skip
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise (registered)"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="trade_checks",
    )  # fmt: skip
    enterprise_name = models.CharField(_("enterprise name"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("checking department"), on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(_("result"), max_length=10, choices=TradeResult.choices, default=TradeResult.COMPLIANT)
    violation_kind = models.CharField(_("violation"), max_length=30, choices=ViolationKind.choices, blank=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()
    scope = TRADE_SCOPE

    class Meta:
        ordering = ["-checked_on", "-pk"]
        # no "/" in the names: the Excel export uses the plural as its sheet title, where "/" is not allowed
        verbose_name = _("import or export check")
        verbose_name_plural = _("import and export checks")
        indexes = [models.Index(fields=["result", "checked_on"], name="enf_tradecheck_result_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0),
                name="enf_tradecheck_quantity_positive",
                violation_error_message=_("The quantity must be more than zero."),
            ),  # fmt: skip
            range_constraint("quantity", TRADE_QUANTITY, name="enforcement_tradecheck_quantity_range"),
        ]

    def __str__(self) -> str:
        return f"{self.checked_on:%Y-%m-%d} {self.get_direction_display()} {self.hs_code} {self.substance}"

    def get_absolute_url(self) -> str:
        return reverse("enforcement:trade_check_detail", args=[self.pk])

    @property
    def trader(self) -> str:
        return self.enterprise.name if self.enterprise_id else self.enterprise_name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.enterprise_id is None and not self.enterprise_name.strip():
            errors["enterprise_name"] = _("Name the enterprise, or choose it among registered enterprises.")
        if self.enterprise is not None and not self.enterprise_name.strip():
            self.enterprise_name = self.enterprise.name
        if self.result == TradeResult.VIOLATION:
            if not self.violation_kind:
                errors["violation_kind"] = _("Say what the violation is.")
            if not self.description.strip():
                errors["description"] = _("Describe the violation.")
        elif self.violation_kind:
            errors["violation_kind"] = _("A compliant check has no violation.")
        if errors:
            raise ValidationError(errors)
