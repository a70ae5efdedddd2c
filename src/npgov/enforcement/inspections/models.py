"""Double-random, one-public inspections (双随机、一公开): inspectors, draws, inspection tasks, records and cases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from npgov.core.models import Department, District, RegistryModel
from npgov.core.numbers import range_constraint, range_validators
from npgov.core.permissions import Scope
from npgov.science.numbers import NumberRange

__all__ = ["Case", "InspectionAttachment", "InspectionDraw", "InspectionRecord", "InspectionTask", "Inspector"]

# Declared range (issue #16): a penalty in yuan, within what the column holds (10 digits before the point).
PENALTY_YUAN = NumberRange(0, 1e9)

# Law-enforcement records: officials read them; the bureau writes, a district its own enterprises'.
OFFICIALS = Scope(officials=True, confidential=False, writers=frozenset())


class Inspector(RegistryModel):
    """A law-enforcement officer in the draw pool (执法检查人员名录库)."""

    name = models.CharField(_("name"), max_length=60)
    badge = models.CharField(_("enforcement certificate number"), max_length=40, unique=True)
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT)
    district = models.ForeignKey(
        District, verbose_name=_("district served"), null=True, blank=True, on_delete=models.PROTECT,
        help_text=_("Where the officer works; a draw can exclude inspections in the officer's own district."),
    )  # fmt: skip
    conflicts = models.TextField(
        _("conflicts of interest"), blank=True, help_text=_("Enterprises the officer has ties to, one per line.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("platform account"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="inspector",
    )  # fmt: skip
    active = models.BooleanField(_("in the pool"), default=True)

    history = HistoricalRecords()
    scope = OFFICIALS

    class Meta:
        ordering = ["department", "name"]
        verbose_name = _("inspector")
        verbose_name_plural = _("inspectors")

    def __str__(self) -> str:
        return f"{self.name}（{self.badge}）"

    def get_absolute_url(self) -> str:
        return reverse("enforcement:inspector_list")

    def conflict_names(self) -> list[str]:
        return [line.strip() for line in self.conflicts.splitlines() if line.strip()]


class InspectionDraw(RegistryModel):
    """One random draw: the population and pool as they were, the published seed, and what it selected.

    Anyone holding the seed and the two snapshots can recompute the selection
    (``science.draws.draw``); the draw page does it on request and shows that it matches.
    """

    title = models.CharField(_("title"), max_length=200)
    seed = models.CharField(_("random seed"), max_length=64, help_text=_("Published with the draw."))
    filters = models.JSONField(_("population filters"), default=dict, blank=True)
    enterprise_count = models.PositiveIntegerField(_("enterprises to inspect"))
    inspectors_per_task = models.PositiveSmallIntegerField(_("inspectors per enterprise"), default=2)
    exclude_own_district = models.BooleanField(_("exclude officers of the enterprise's own district"), default=True)
    population = models.JSONField(_("population (enterprise ids)"), default=list, editable=False)
    # The pool as drawn: [{"id", "district", "conflicts": [enterprise ids]}], and each enterprise's district;
    # the draw is recomputed from these, never from today's data (an officer may have moved since).
    pool = models.JSONField(_("inspector pool"), default=list, editable=False)
    districts = models.JSONField(_("enterprise districts"), default=dict, editable=False)
    selection = models.JSONField(_("selection"), default=list, editable=False)
    due_date = models.DateField(_("inspections due"))
    published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drawn by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    scope = Scope(officials=True, confidential=False, writers=frozenset(), public=Q(published=True))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("random draw")
        verbose_name_plural = _("random draws")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("enforcement:draw_detail", args=[self.pk])


class InspectionTask(RegistryModel):
    """An enterprise drawn for inspection, its inspectors and the checklist from its obligations."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        DONE = "done", _("Inspected")

    draw = models.ForeignKey(InspectionDraw, verbose_name=_("draw"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="tasks")  # fmt: skip
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="inspection_tasks")  # fmt: skip
    inspectors = models.ManyToManyField(Inspector, verbose_name=_("inspectors"), related_name="tasks")
    checklist = models.JSONField(_("checklist"), default=list, blank=True)
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ASSIGNED)

    history = HistoricalRecords(m2m_fields=[])
    # The public reads published draws and their outcomes on the draw page, not the tasks' checklists.
    scope = Scope(district="enterprise__district", confidential=False, writers=frozenset({"district"}))

    class Meta:
        ordering = ["due_date", "enterprise__name"]
        verbose_name = _("inspection task")
        verbose_name_plural = _("inspection tasks")

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.due_date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("enforcement:task_detail", args=[self.pk])


class InspectionRecord(RegistryModel):
    """What the inspectors found on site."""

    class Outcome(models.TextChoices):
        COMPLIANT = "compliant", _("No problem found")
        PROBLEMS = "problems", _("Problems found")

    task = models.OneToOneField(InspectionTask, verbose_name=_("inspection task"), on_delete=models.CASCADE,
                                related_name="record")  # fmt: skip
    inspected_on = models.DateField(_("inspected on"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    checklist_answers = models.JSONField(_("checklist answers"), default=dict, blank=True)
    observations = models.TextField(_("observations"))
    findings_closed = models.ManyToManyField(
        "compliance.Finding", verbose_name=_("compliance findings verified on site"), blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[])
    scope = Scope(district="task__enterprise__district", confidential=False, writers=frozenset({"district"}))

    class Meta:
        ordering = ["-inspected_on"]
        verbose_name = _("inspection record")
        verbose_name_plural = _("inspection records")

    def __str__(self) -> str:
        return f"{self.task.enterprise} · {self.inspected_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return self.task.get_absolute_url()


class InspectionAttachment(RegistryModel):
    record = models.ForeignKey(InspectionRecord, verbose_name=_("inspection record"), on_delete=models.CASCADE,
                               related_name="attachments")  # fmt: skip
    file = models.FileField(_("file"), upload_to="inspections/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    scope = Scope(district="record__task__enterprise__district", confidential=False, writers=frozenset({"district"}))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.caption or self.file.name


class Case(RegistryModel):
    """An enforcement case (立案查处) opened from an inspection or an escalated finding."""

    class Status(models.TextChoices):
        OPEN = "open", _("Under investigation")
        DECIDED = "decided", _("Decided")
        CLOSED = "closed", _("Closed")

    number = models.CharField(_("case number"), max_length=60, unique=True)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="cases")  # fmt: skip
    task = models.ForeignKey(InspectionTask, verbose_name=_("inspection task"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="cases")  # fmt: skip
    finding = models.ForeignKey("compliance.Finding", verbose_name=_("compliance finding"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="cases")  # fmt: skip
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    facts = models.TextField(_("facts"))
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    decision = models.TextField(_("penalty decision"), blank=True)
    penalty_yuan = models.DecimalField(_("penalty (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True,
                                       validators=range_validators(PENALTY_YUAN))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    published = models.BooleanField(_("published"), default=False)

    history = HistoricalRecords()
    scope = Scope(district="enterprise__district", confidential=False, writers=frozenset({"district"}),
                  public=Q(published=True))  # fmt: skip

    class Meta:
        ordering = ["-opened_on", "number"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [range_constraint("penalty_yuan", PENALTY_YUAN, name="enforcement_case_penalty_yuan_range")]

    def __str__(self) -> str:
        return f"{self.number} {self.enterprise}"

    def get_absolute_url(self) -> str:
        return reverse("enforcement:case_detail", args=[self.pk])
