"""Hazard data for the risk assessment: PNECs with their provenance (issue #6, item 1, first part)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from npgov.core.models import RegistryModel
from npgov.core.permissions import REFERENCE, Scope
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


class AssessmentRun(RegistryModel):
    """One ecological risk assessment over the monitoring data: parameters, the inputs as they were, results.

    ``inputs`` records what the run read (results up to an id, their count, the PNECs with their values), so
    re-running with the same data gives the same ``digest``; ``compare`` tells two runs apart substance by
    substance.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    title = models.CharField(_("title"), max_length=200)
    compartment = models.CharField(_("compartment"), max_length=12, choices=Compartment.choices,
                                   default=Compartment.FRESHWATER)  # fmt: skip
    mec_statistic = models.CharField(_("MEC statistic"), max_length=10, default="max",
                                     help_text=_("max, p95 or km_mean (Kaplan–Meier mean)"))  # fmt: skip
    verified_pnecs_only = models.BooleanField(_("verified PNECs only"), default=False)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("to"), null=True, blank=True)
    inputs = models.JSONField(_("inputs"), default=dict, editable=False)
    results = models.JSONField(_("results"), default=dict, editable=False)
    digest = models.CharField(_("results digest (SHA-256)"), max_length=64, blank=True, editable=False)
    software = models.CharField(_("software version"), max_length=40, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey("core.User", verbose_name=_("started by"), null=True, on_delete=models.SET_NULL,
                                   related_name="+")  # fmt: skip

    history = HistoricalRecords()
    scope = Scope(officials=True, confidential=False, writers=frozenset())

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("risk assessment run")
        verbose_name_plural = _("risk assessment runs")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("risk:run_detail", args=[self.pk])
