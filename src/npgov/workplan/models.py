"""A city's work plan as data (tasks, departments, milestones, KPIs) and the progress mechanism around it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from npgov.core.choices import Role
from npgov.core.exceptions import ApplicationError
from npgov.core.models import Department, District, RegistryModel
from npgov.core.numbers import ANY_FINITE, PERCENT, NumberRange, range_constraint, range_validators
from npgov.core.permissions import REFERENCE, Scope
from npgov.workplan.choices import AssignmentRole, KpiDirection, KpiScope, OrderStatus, ReportStatus, TaskKind

# Declared ranges (issue #16): a KPI's target and values have no natural bound (counts, rates, tonnes), but are
# finite; a report's progress is a percentage.
KPI_NUMBER = ANY_FINITE


class Plan(RegistryModel):
    """A city's new-pollutant governance work plan (新污染物治理工作方案) as issued."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    city = models.ForeignKey(District, verbose_name=_("city"), on_delete=models.PROTECT, related_name="plans")
    title_zh = models.CharField(_("Chinese title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    issued = models.DateField(_("issued"), null=True, blank=True)
    goals_zh = models.TextField(_("goals"), blank=True)
    source = models.TextField(_("source"), blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    scope = REFERENCE

    class Meta:
        ordering = ["city__code", "key"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")

    def __str__(self) -> str:
        return self.title_zh

    def get_absolute_url(self) -> str:
        return reverse("workplan:plan_detail", args=[self.pk])


class Task(RegistryModel):
    """A numbered task or safeguard of a plan, with its departments as the plan writes them."""

    plan = models.ForeignKey(Plan, verbose_name=_("work plan"), on_delete=models.CASCADE, related_name="tasks")
    key = models.CharField(_("key"), max_length=20, unique=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    number = models.CharField(_("number"), max_length=10)
    kind = models.CharField(_("kind"), max_length=10, choices=TaskKind.choices)
    section_title = models.CharField(_("section"), max_length=60, blank=True)
    group_zh = models.CharField(_("group"), max_length=100, blank=True)
    title_zh = models.CharField(_("title"), max_length=200)
    text_zh = models.TextField(_("text"))
    responsibility_text_zh = models.TextField(_("responsibility as written"), blank=True)
    open_ended = models.BooleanField(_("open-ended list of departments (…等)"), default=False)
    district_responsibility = models.BooleanField(_("districts carry local responsibility"), default=False)
    modules = models.JSONField(_("platform modules"), default=list, blank=True)
    departments = models.ManyToManyField(Department, through="TaskAssignment", verbose_name=_("departments"))

    history = HistoricalRecords()
    scope = REFERENCE

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return f"{self.number} {self.title_zh}"

    def get_absolute_url(self) -> str:
        return reverse("workplan:task_detail", args=[self.pk])


class TaskAssignment(models.Model):
    """A department's role in a task: lead (牵头) or responsible by duty (按职责分工负责)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("role"), max_length=10, choices=AssignmentRole.choices)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["task", "-role", "position"]
        constraints = [models.UniqueConstraint(fields=["task", "department"], name="workplan_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.task.key} {self.department} ({self.role})"


class Milestone(RegistryModel):
    """A dated target in a task's text ("2025年年底前 …")."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(_("date"))
    text_zh = models.CharField(_("deadline as written"), max_length=60)
    what_zh = models.TextField(_("what is due"))

    scope = REFERENCE

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.what_zh[:30]}"

    @property
    def missed(self) -> bool:
        return self.date < timezone.localdate()


class Kpi(RegistryModel):
    """A numeric target of the plan (e.g. 农药包装废弃物回收率 ≥ 80 % by 2025-12-31)."""

    plan = models.ForeignKey(Plan, verbose_name=_("work plan"), on_delete=models.CASCADE, related_name="kpis")
    task = models.ForeignKey(
        Task, verbose_name=_("task"), null=True, blank=True, on_delete=models.SET_NULL, related_name="kpis"
    )
    key = models.SlugField(_("key"), max_length=80)
    name_zh = models.CharField(_("name"), max_length=200)
    target = models.FloatField(_("target"), validators=range_validators(KPI_NUMBER))
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    direction = models.CharField(_("direction"), max_length=2, choices=KpiDirection.choices)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    scope_level = models.CharField(_("scope"), max_length=10, choices=KpiScope.choices, default=KpiScope.DISTRICT)
    text_zh = models.TextField(_("target as written"), blank=True)
    calculator = models.CharField(
        _("computed from platform data by"),
        max_length=60,
        blank=True,
        help_text=_("Key of a registered KPI calculator; empty for values entered by hand."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    history = HistoricalRecords()
    scope = REFERENCE

    class Meta:
        ordering = ["plan", "key"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="workplan_kpi_unique_key"),
            range_constraint("target", KPI_NUMBER, name="workplan_kpi_target_range"),
        ]

    def __str__(self) -> str:
        return f"{self.name_zh} {self.direction} {self.target:g}{self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("workplan:kpi_detail", args=[self.pk])

    def attained(self, value: float) -> bool:
        return value >= self.target if self.direction == KpiDirection.AT_LEAST else value <= self.target


class KpiValue(RegistryModel):
    """A KPI's value for one district (or the whole city) and period, entered by the responsible side."""

    kpi = models.ForeignKey(Kpi, verbose_name=_("KPI"), on_delete=models.CASCADE, related_name="values")
    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT)
    period_end = models.DateField(_("period ending"))
    value = models.FloatField(_("value"), validators=range_validators(KPI_NUMBER))
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # When the platform last computed the value (from a calculator or a department's indicator figures);
    # empty for a value entered by hand. Refreshed on each recomputation even when the value stays the same.
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)

    history = HistoricalRecords()
    # Districts enter their own values; departments those of the KPIs of their tasks; all may read.
    scope = Scope(
        district="district",
        department="kpi__task__assignments__department",
        confidential=False,
        writers=frozenset({Role.DEPARTMENT, Role.DISTRICT}),
        distinct=True,
    )

    class Meta:
        ordering = ["kpi", "district__code", "period_end"]
        verbose_name = _("KPI value")
        verbose_name_plural = _("KPI values")
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "district", "period_end"],
                name="workplan_kpivalue_unique",
                violation_error_message=_("This district already has a value for this period."),
            ),
            range_constraint("value", KPI_NUMBER, name="workplan_kpivalue_value_range"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi.name_zh} {self.district} {self.period_end:%Y-%m}: {self.value:g}"

    def get_absolute_url(self) -> str:
        return self.kpi.get_absolute_url()


class ProgressRequest(RegistryModel):
    """A progress dispatch (调度): the bureau asks departments to report on tasks for a period by a date."""

    plan = models.ForeignKey(Plan, verbose_name=_("work plan"), on_delete=models.CASCADE, related_name="requests")
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    due_date = models.DateField(_("answers due"))
    note = models.TextField(_("note"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, on_delete=models.SET_NULL
    )

    history = HistoricalRecords()
    scope = Scope(confidential=False, writers=frozenset(), officials=True)

    class Meta:
        ordering = ["-due_date", "-pk"]
        verbose_name = _("progress request")
        verbose_name_plural = _("progress requests")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workplan:request_detail", args=[self.pk])


class ProgressReport(RegistryModel):
    """A department's answer on one task to a progress request (text, status, % done, evidence)."""

    request = models.ForeignKey(
        ProgressRequest, verbose_name=_("progress request"), on_delete=models.CASCADE, related_name="reports"
    )
    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="reports")
    # Exactly one of the two answers: a department for its duty, or a district for its local responsibility.
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    district = models.ForeignKey(
        District, verbose_name=_("district"), null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.NOT_STARTED
    )
    percent_done = models.PositiveSmallIntegerField(_("percent done"), default=0, validators=range_validators(PERCENT))
    text = models.TextField(_("progress"), blank=True)
    evidence = models.FileField(_("evidence file"), upload_to="workplan/evidence/%Y/", blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    history = HistoricalRecords()
    scope = Scope(
        department="department",
        district="district",
        confidential=False,
        officials=True,
        writers=frozenset({Role.DEPARTMENT, Role.DISTRICT}),
    )

    class Meta:
        ordering = ["request", "task__position", "department__code", "district__code"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "task", "department"],
                name="workplan_report_unique",
                condition=models.Q(department__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["request", "task", "district"],
                name="workplan_report_unique_district",
                condition=models.Q(district__isnull=False),
            ),
            models.CheckConstraint(
                condition=models.Q(department__isnull=False, district__isnull=True)
                | models.Q(department__isnull=True, district__isnull=False),
                name="workplan_report_one_answerer",
            ),
            models.CheckConstraint(condition=models.Q(percent_done__lte=100), name="workplan_report_percent_max"),
            range_constraint("percent_done", PERCENT, name="workplan_progressreport_percent_done_range"),
        ]

    def __str__(self) -> str:
        return f"{self.task.number} {self.answerer}"

    def get_absolute_url(self) -> str:
        return reverse("workplan:report_edit", args=[self.pk])

    @property
    def answerer(self) -> Department | District | None:
        return self.department or self.district

    @property
    def late(self) -> bool:
        """Answered after the due date, or still unanswered after it."""
        due = self.request.due_date
        if self.submitted_at is not None:
            return timezone.localdate(self.submitted_at) > due
        return timezone.localdate() > due


class SupervisionOrder(RegistryModel):
    """A supervision order (督办) on a task, addressed to a department, with a deadline."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="orders")
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="orders"
    )
    deadline = models.DateField(_("deadline"))
    text = models.TextField(_("order"))
    status = models.CharField(_("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.OPEN)
    response = models.TextField(_("response"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, on_delete=models.SET_NULL
    )

    history = HistoricalRecords()
    scope = Scope(department="department", confidential=False, writers=frozenset({Role.DEPARTMENT}))

    class Meta:
        ordering = ["status", "deadline"]
        verbose_name = _("supervision order")
        verbose_name_plural = _("supervision orders")

    def __str__(self) -> str:
        return f"督办 {self.task.number} {self.department}"

    def get_absolute_url(self) -> str:
        return reverse("workplan:order_detail", args=[self.pk])


class Circular(RegistryModel):
    """A circular (通报): the status of a progress request by department, frozen when issued."""

    request = models.ForeignKey(
        ProgressRequest, verbose_name=_("progress request"), on_delete=models.PROTECT, related_name="circulars"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    rows = models.JSONField(_("status by department"), default=list)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, on_delete=models.SET_NULL
    )

    history = HistoricalRecords()
    scope = Scope(confidential=False, writers=frozenset(), officials=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("circular")
        verbose_name_plural = _("circulars")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workplan:circular_detail", args=[self.pk])


class Indicator(RegistryModel):
    """An indicator a department reports (its fields and the KPIs it feeds are data: indicators.yaml)."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    name_zh = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    department_names = models.JSONField(_("reporting departments"), default=list)
    fields = models.JSONField(_("fields"), default=list)
    kpi_links = models.JSONField(_("KPIs fed"), default=list, blank=True)

    scope = REFERENCE

    class Meta:
        ordering = ["key"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name_zh

    def get_absolute_url(self) -> str:
        return reverse("workplan:indicator_detail", args=[self.pk])

    def reported_by(self, department: Department | None) -> bool:
        return department is not None and bool(set(department.names()) & set(self.department_names))


class IndicatorRecord(RegistryModel):
    """One department's figures for an indicator, district and period."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="records"
    )
    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT)
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT)
    period_end = models.DateField(_("period ending"))
    values = models.JSONField(_("figures"), default=dict, encoder=DjangoJSONEncoder)
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, on_delete=models.SET_NULL
    )

    history = HistoricalRecords()
    scope = Scope(department="department", confidential=False, writers=frozenset({Role.DEPARTMENT}))

    class Meta:
        ordering = ["indicator", "district__code", "period_end"]
        verbose_name = _("indicator record")
        verbose_name_plural = _("indicator records")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "district", "period_end"],
                name="workplan_indicator_record_unique",
                violation_error_message=_("This district already has figures for this period."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.district} {self.period_end:%Y-%m}"

    def get_absolute_url(self) -> str:
        return self.indicator.get_absolute_url()


# A frozen evaluation's year: the plans run from 2020 on; the same range as other declared years (issue #16).
EVALUATION_YEAR = NumberRange(2000, 2100)


FROZEN_FROM_COMMAND_LINE = "npgov"  # ``frozen_by_name`` of a year frozen with ``npgov workplan freeze``


class EvaluationSnapshot(RegistryModel):
    """A plan's yearly evaluation frozen (年度评估快照): every figure the report shows, the identity of the data
    behind each group of figures, and the figures' digest. Written once by ``services.snapshots.snapshot_freeze``;
    never changed nor deleted (the report of a past year renders from it, byte for byte)."""

    plan = models.ForeignKey(Plan, verbose_name=_("work plan"), on_delete=models.PROTECT, related_name="snapshots")
    year = models.PositiveSmallIntegerField(_("year"), validators=range_validators(EVALUATION_YEAR))
    frozen_at = models.DateTimeField(_("frozen at"))
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("frozen by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # blank: frozen from the command line (``frozen_by_name`` says "npgov")
    # The name as it was: the frozen report shows it, and a later change of the account must not change the report.
    frozen_by_name = models.CharField(_("frozen by (name)"), max_length=150)
    figures = models.JSONField(_("figures"))
    inputs = models.JSONField(_("inputs"))
    digest = models.CharField(_("figures digest (SHA-256)"), max_length=64)

    history = HistoricalRecords()
    scope = Scope(confidential=False, writers=frozenset(), officials=True)

    class Meta:
        ordering = ["plan", "-year"]
        verbose_name = _("evaluation snapshot")
        verbose_name_plural = _("evaluation snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year"],
                name="workplan_snapshot_unique_year",
                violation_error_message=_("This year's evaluation is already frozen."),
            ),
            range_constraint("year", EVALUATION_YEAR, name="workplan_evaluationsnapshot_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.year}"

    def get_absolute_url(self) -> str:
        return f"{reverse('workplan:plan_evaluation', args=[self.plan_id])}?year={self.year}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Immutable: a frozen year is written once (a correction would be a new year's report, never an edit).
        if not self._state.adding:
            raise ApplicationError(str(_("A frozen evaluation cannot be changed.")))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ApplicationError(str(_("A frozen evaluation cannot be deleted.")))

    @property
    def frozen_by_label(self) -> str:
        """Who froze it, as pages say it: the person's name, or "the command line"."""
        return str(_("the command line")) if self.frozen_by_name == FROZEN_FROM_COMMAND_LINE else self.frozen_by_name
