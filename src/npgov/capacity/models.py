"""Capacity building: who and what the city can draw on (Dalian tasks （十）（十一）, Lianyungang tasks 13–15)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from npgov.capacity.choices import GlpStatus, ProjectKind, ProjectStatus
from npgov.core.choices import Matrix, Role
from npgov.core.models import Department, District, RegistryModel
from npgov.core.numbers import CONCENTRATION, range_constraint, range_validators
from npgov.core.permissions import Scope
from npgov.science.numbers import NumberRange

# Capacity records are shared with every official role; the bureau keeps them, departments their own.
SHARED = Scope(confidential=False, writers=frozenset())

# Declared ranges (issue #16): validators for forms, importers and the API, check constraints for the database.
METHOD_LIMIT = CONCENTRATION  # LOD and LOQ in the method's own unit
PARTICIPANTS = NumberRange(0, 1_000_000)
TRAINING_HOURS = NumberRange(0, 9_999, unit="h")  # the column holds 4 digits before the point
BUDGET = NumberRange(0, 1e9)  # in 10,000 yuan (10 trillion yuan); the column holds 10 digits before the point
FUNDING_AMOUNT = NumberRange(0, 1e9, minimum_inclusive=False)


class Expert(RegistryModel):
    """A member of the new-pollutant expert pool (专家库), with the ties that bar them from a review."""

    name = models.CharField(_("name"), max_length=60)
    affiliation = models.CharField(_("affiliation"), max_length=200)
    title = models.CharField(_("professional title"), max_length=60, blank=True)
    fields = models.CharField(
        _("fields of expertise"), max_length=300, help_text=_("e.g. 环境监测；风险评估；PFAS；抗生素")
    )
    conflicts = models.TextField(
        _("conflicts of interest"),
        blank=True,
        help_text=_("Enterprises and organisations the expert has ties to, one per line."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("platform account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_profile",
    )
    active = models.BooleanField(_("in the pool"), default=True)

    history = HistoricalRecords()
    scope = Scope(owner="user", confidential=False, writers=frozenset())

    class Meta:
        ordering = ["name"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")

    def __str__(self) -> str:
        return f"{self.name}（{self.affiliation}）"

    def get_absolute_url(self) -> str:
        return reverse("capacity:expert_detail", args=[self.pk])

    def has_conflict_with(self, organisation: str) -> bool:
        name = organisation.strip()
        return bool(name) and any(name in line or line in name for line in self.conflicts.splitlines() if line.strip())


class Lab(RegistryModel):
    """A laboratory the city can use: accreditation, GLP status, and its methods by substance and matrix."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    district = models.ForeignKey(District, verbose_name=_("district"), null=True, blank=True, on_delete=models.PROTECT)
    cma_number = models.CharField(_("CMA certificate"), max_length=60, blank=True)
    cnas_number = models.CharField(_("CNAS accreditation"), max_length=60, blank=True)
    glp_status = models.CharField(_("GLP status"), max_length=20, choices=GlpStatus.choices, default=GlpStatus.NONE)
    glp_certificate = models.CharField(_("GLP certificate"), max_length=60, blank=True)
    glp_valid_until = models.DateField(_("GLP valid until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    scope = SHARED

    class Meta:
        ordering = ["name"]
        verbose_name = _("laboratory")
        verbose_name_plural = _("laboratories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("capacity:lab_detail", args=[self.pk])

    def clean(self) -> None:
        if self.glp_status == GlpStatus.CERTIFIED and not (self.glp_certificate and self.glp_valid_until):
            raise ValidationError(
                {"glp_certificate": _("A GLP-certified laboratory needs its certificate and validity.")}
            )


class LabMethod(RegistryModel):
    """An accredited method of a laboratory for a substance in a matrix, with its limits."""

    lab = models.ForeignKey(Lab, verbose_name=_("laboratory"), on_delete=models.CASCADE, related_name="methods")
    substance = models.ForeignKey("substances.Substance", verbose_name=_("substance"), on_delete=models.PROTECT)
    matrix = models.CharField(_("matrix"), max_length=20, choices=Matrix.choices)
    standard = models.CharField(_("method standard"), max_length=100, help_text=_("e.g. HJ 1333-2023"))
    lod = models.FloatField(_("limit of detection"), null=True, blank=True, validators=range_validators(METHOD_LIMIT))
    loq = models.FloatField(
        _("limit of quantification"), null=True, blank=True, validators=range_validators(METHOD_LIMIT)
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)

    history = HistoricalRecords()
    scope = SHARED

    class Meta:
        ordering = ["lab", "substance__name_zh", "matrix"]
        verbose_name = _("laboratory method")
        verbose_name_plural = _("laboratory methods")
        constraints = [
            models.UniqueConstraint(
                fields=["lab", "substance", "matrix", "standard"], name="capacity_labmethod_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(lod__isnull=True) | models.Q(loq__isnull=True) | models.Q(lod__lte=models.F("loq")),
                name="capacity_labmethod_lod_le_loq",
                violation_error_message=_("The LOD cannot exceed the LOQ."),
            ),
            range_constraint("lod", METHOD_LIMIT, name="capacity_labmethod_lod_range"),
            range_constraint("loq", METHOD_LIMIT, name="capacity_labmethod_loq_range"),
        ]

    def __str__(self) -> str:
        return f"{self.lab} · {self.substance} · {self.get_matrix_display()}"

    def get_absolute_url(self) -> str:
        return self.lab.get_absolute_url()


class Training(RegistryModel):
    """A training session on new-pollutant governance (专项培训)."""

    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    department = models.ForeignKey(Department, verbose_name=_("organised by"), on_delete=models.PROTECT)
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    participants = models.PositiveIntegerField(_("participants"), default=0, validators=range_validators(PARTICIPANTS))
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, default=0, validators=range_validators(TRAINING_HOURS)
    )
    topics = models.TextField(_("topics"), blank=True)

    history = HistoricalRecords()
    scope = Scope(department="department", confidential=False, writers=frozenset({Role.DEPARTMENT}))

    class Meta:
        ordering = ["-date"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        constraints = [
            range_constraint("participants", PARTICIPANTS, name="capacity_training_participants_range"),
            range_constraint("hours", TRAINING_HOURS, name="capacity_training_hours_range"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("capacity:training_detail", args=[self.pk])


class Project(RegistryModel):
    """A science and technology project, a pilot project or a demonstration technology, with its outcome."""

    kind = models.CharField(_("kind"), max_length=20, choices=ProjectKind.choices)
    title = models.CharField(_("title"), max_length=300)
    lead_organisation = models.CharField(_("lead organisation"), max_length=200)
    department = models.ForeignKey(Department, verbose_name=_("responsible department"), on_delete=models.PROTECT)
    district = models.ForeignKey(District, verbose_name=_("district"), null=True, blank=True, on_delete=models.PROTECT)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    budget_10k_yuan = models.DecimalField(
        _("budget (10,000 yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=range_validators(BUDGET),
    )
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED)
    outcomes = models.TextField(_("outcomes"), blank=True)

    history = HistoricalRecords()
    scope = Scope(
        department="department", district="district", confidential=False, writers=frozenset({Role.DEPARTMENT})
    )

    class Meta:
        ordering = ["-start", "title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [range_constraint("budget_10k_yuan", BUDGET, name="capacity_project_budget_10k_yuan_range")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("capacity:project_detail", args=[self.pk])

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The project ends before it starts.")})
        if self.status == ProjectStatus.COMPLETED and not self.outcomes.strip():
            raise ValidationError({"outcomes": _("A completed project states its outcomes.")})
        if self.department_id and self.district is not None and not self.district.is_within(self.department.city):
            raise ValidationError({"district": _("The district is not in the department's city.")})


class Funding(RegistryModel):
    """A funding support record (财政资金支持) for a project or organisation."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), null=True, blank=True, on_delete=models.PROTECT, related_name="funding"
    )
    recipient = models.CharField(_("recipient"), max_length=200)
    amount_10k_yuan = models.DecimalField(_("amount (10,000 yuan)"), max_digits=12, decimal_places=2,
                                          validators=range_validators(FUNDING_AMOUNT))
    date = models.DateField(_("date"))
    source = models.CharField(_("source of funds"), max_length=100, help_text=_("e.g. 市级财政专项资金"))
    purpose = models.TextField(_("purpose"), blank=True)
    department = models.ForeignKey(Department, verbose_name=_("granting department"), on_delete=models.PROTECT)

    history = HistoricalRecords()
    scope = Scope(department="department", confidential=False, writers=frozenset({Role.DEPARTMENT}))

    class Meta:
        ordering = ["-date"]
        verbose_name = _("funding record")
        verbose_name_plural = _("funding records")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_10k_yuan__gt=0), name="capacity_funding_positive"),
            range_constraint("amount_10k_yuan", FUNDING_AMOUNT, name="capacity_funding_amount_10k_yuan_range"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.recipient} {self.amount_10k_yuan}"

    def get_absolute_url(self) -> str:
        return reverse("capacity:funding_detail", args=[self.pk])
