"""Hazard data for the risk assessment: PNECs with their provenance (issue #6, item 1, first part)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from npgov.core.models import RegistryModel
from npgov.core.permissions import REFERENCE
from npgov.substances.models import Substance


class Compartment(models.TextChoices):
    FRESHWATER = "freshwater", _("Fresh water")
    MARINE = "marine", _("Marine water")


class Pnec(RegistryModel):
    """A predicted no-effect concentration (or quality standard used as one), as a source gives it."""

    substance = models.ForeignKey(
        Substance, verbose_name=_("substance"), on_delete=models.PROTECT, related_name="pnecs"
    )
    compartment = models.CharField(_("compartment"), max_length=12, choices=Compartment.choices)
    value = models.FloatField(_("value"))
    unit = models.CharField(_("unit"), max_length=12, default="µg/L")
    value_ng_l = models.FloatField(_("value (ng/L)"), editable=False)
    basis = models.CharField(_("basis"), max_length=200, help_text=_("e.g. EU AA-EQS; assessment factor on NOEC"))
    derivation = models.JSONField(_("derivation"), null=True, blank=True, help_text=_("When derived from endpoints."))
    source = models.TextField(_("source"))
    note = models.TextField(_("note"), blank=True)
    verified = models.BooleanField(_("verified"), default=True)

    history = HistoricalRecords()
    scope = REFERENCE

    class Meta:
        ordering = ["substance__name_zh", "compartment", "value_ng_l"]
        verbose_name = _("PNEC")
        verbose_name_plural = _("PNECs")
        constraints = [models.CheckConstraint(condition=models.Q(value__gt=0), name="risk_pnec_positive")]

    def __str__(self) -> str:
        return f"{self.substance} {self.get_compartment_display()} {self.value:g} {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("risk:pnec_list") + f"?substance={self.substance_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        from npgov.science.units import conversion

        self.value_ng_l = self.value * conversion(self.unit, "water").factor
        super().save(*args, **kwargs)  # type: ignore[arg-type]
