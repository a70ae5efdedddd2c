"""Findings: a control measure an enterprise's reported activity breaches, and its follow-up."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from npgov.compliance.choices import ACTIVE_STATUSES, FindingStatus, Severity, activity_label, rule_label
from npgov.core.models import Department, RegistryModel
from npgov.core.numbers import range_constraint, range_validators
from npgov.core.permissions import Scope
from npgov.science.numbers import NumberRange

FINDING_YEAR = NumberRange(2000, 2100)  # declared range (issue #16)


class Finding(RegistryModel):
    """One breach (or required proof of compliance) found by the compliance check, with its workflow:
    open → rectification submitted → verified and closed, or escalated to a case; resolved when a
    later run no longer finds its cause. ``key`` makes re-runs idempotent."""

    key = models.CharField(_("rule key"), max_length=120, unique=True, editable=False)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="findings"
    )
    substance = models.ForeignKey(
        "substances.Substance", verbose_name=_("substance"), on_delete=models.PROTECT, related_name="+"
    )
    # The list measure breached; empty for a product failing a standard's content limit that no list measure
    # restates (the limit and its standard are then in the explanation).
    measure = models.ForeignKey(
        "regulations.ControlMeasure", verbose_name=_("measure"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    line = models.ForeignKey(
        "surveys.SubmissionLine", verbose_name=_("survey line"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("reporting year"), validators=range_validators(FINDING_YEAR))
    activity = models.CharField(_("activity"), max_length=20)
    rule = models.CharField(_("rule"), max_length=30)
    explanation = models.TextField(_("why"))
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    status = models.CharField(_("status"), max_length=30, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    due_date = models.DateField(_("due date"))
    department = models.ForeignKey(
        Department, verbose_name=_("responsible department"), null=True, blank=True, on_delete=models.PROTECT
    )
    rectification = models.TextField(_("rectification"), blank=True)
    rectification_at = models.DateTimeField(_("rectification submitted"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("closed by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    note = models.TextField(_("officer's note"), blank=True)

    history = HistoricalRecords()
    # Districts follow their enterprises, an enterprise its own; departments read all (not confidential).
    scope = Scope(district="enterprise__district", enterprise="enterprise", confidential=False,
                  writers=frozenset({"district", "enterprise"}))  # fmt: skip

    class Meta:
        ordering = ["status", "due_date", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        indexes = [
            models.Index(fields=["status", "due_date"], name="compliance_finding_status_due"),
            models.Index(fields=["due_date", "id"], name="compliance_finding_due_id"),
        ]  # the list's keyset
        constraints = [range_constraint("year", FINDING_YEAR, name="compliance_finding_year_range")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.substance} · {self.get_severity_display()}"

    def get_absolute_url(self) -> str:
        return reverse("compliance:finding_detail", args=[self.pk])

    def get_activity_display(self) -> str:
        return activity_label(self.activity)

    def get_rule_display(self) -> str:
        return rule_label(self.rule)

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def overdue(self) -> bool:
        return self.active and self.due_date < timezone.localdate()

    @property
    def closed_on_time(self) -> bool:
        return (
            self.status == FindingStatus.CLOSED
            and self.closed_at is not None
            and (timezone.localdate(self.closed_at) <= self.due_date)
        )


class RegistrationKind(models.TextChoices):
    REGULAR = "regular", _("Regular registration")
    SIMPLIFIED = "simplified", _("Simplified registration")
    RECORD = "record", _("Record filing")


class NewSubstanceRegistration(RegistryModel):
    """A new chemical substance registration certificate (新化学物质环境管理登记, MEE Order No. 12)."""

    kind = models.CharField(_("kind"), max_length=12, choices=RegistrationKind.choices)
    certificate = models.CharField(_("certificate or record number"), max_length=60, unique=True)
    substance_name = models.CharField(_("substance name"), max_length=300)
    cas = models.CharField(
        _("CAS RN"), max_length=12, blank=True, help_text=_("Empty where the holder keeps it confidential.")
    )
    substance = models.ForeignKey(
        "substances.Substance", verbose_name=_("substance"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    tonnage_band = models.CharField(
        _("tonnage band"), max_length=40, blank=True, help_text=_("e.g. 1–10 t/a, 10–100 t/a, ≥1000 t/a")
    )
    holder = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("holder"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    holder_name = models.CharField(_("holder name"), max_length=200)
    issued = models.DateField(_("issued"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    history = HistoricalRecords()
    scope = Scope(district="holder__district", enterprise="holder", confidential=False, writers=frozenset())

    class Meta:
        ordering = ["-issued", "certificate"]
        verbose_name = _("new substance registration")
        verbose_name_plural = _("new substance registrations")

    def __str__(self) -> str:
        return f"{self.certificate} {self.substance_name}"

    def get_absolute_url(self) -> str:
        return reverse("compliance:registration_list")


class ExistingSubstance(RegistryModel):
    """An entry of the Inventory of Existing Chemical Substances in China (IECSC, 中国现有化学物质名录)."""

    cas = models.CharField(_("CAS RN"), max_length=12, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    scope = Scope(reference=True)

    class Meta:
        ordering = ["cas"]
        verbose_name = _("existing substance (IECSC)")
        verbose_name_plural = _("existing substances (IECSC)")

    def __str__(self) -> str:
        return f"{self.cas} {self.name_zh}"


# --- bookkeeping of the incremental check (issue 17) ---------------------------------------------------------------
class EnterpriseCheck(models.Model):
    """When the survey check last evaluated an enterprise, and a digest of what it evaluated.

    ``inputs`` digests the enterprise's accepted survey lines (the fields the rules read) together with the
    measures their substances fall under, so a later check can skip the enterprise when neither changed.
    ``breaches`` is the number of breaches found then (what a skipped enterprise counts as unchanged).
    Written only by ``compliance.checking``; not official data (no history)."""

    enterprise = models.OneToOneField(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="+"
    )
    inputs = models.CharField(_("inputs digest"), max_length=64)
    breaches = models.PositiveIntegerField(_("breaches"), default=0)
    checked_at = models.DateTimeField(_("checked"))

    class Meta:
        verbose_name = _("enterprise check")
        verbose_name_plural = _("enterprise checks")

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.checked_at:%Y-%m-%d %H:%M}"


class CheckState(models.Model):
    """The check's memory of the lists: the stamp of the lists and measures it last saw, and per substance
    a digest of the measures it falls under then (so an unchanged list costs no classification)."""

    name = models.CharField(_("name"), max_length=30, unique=True)
    lists_stamp = models.CharField(_("lists stamp"), max_length=64, blank=True)
    measures = models.JSONField(_("measures per substance"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("compliance check state")
        verbose_name_plural = _("compliance check states")

    def __str__(self) -> str:
        return self.name
