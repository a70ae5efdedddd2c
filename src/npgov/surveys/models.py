"""The chemical environmental information survey: campaigns, enterprise submissions, lines, review comments."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from npgov.core.choices import Role
from npgov.core.models import District, RegistryModel
from npgov.core.numbers import TONNES, range_constraint, range_validators
from npgov.core.permissions import REFERENCE, Scope
from npgov.science.numbers import NumberRange
from npgov.surveys.choices import TIER_LABELS, Activity, ReviewLevel, SubmissionStatus

# Declared ranges (issue #16): validators for forms, importers and the API, check constraints for the database.
CAMPAIGN_YEAR = NumberRange(2020, 2100)
QUANTITY_T = TONNES  # 0–1e9 t; the column holds 10 digits before the point
RELEASE_KG = NumberRange(0, 1e10, unit="kg")  # the column holds 11 digits before the point


class Campaign(RegistryModel):
    """A survey round (调查年度): which city, year, deadline and industries it covers."""

    title = models.CharField(_("title"), max_length=200)
    city = models.ForeignKey(District, verbose_name=_("city"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(
        _("reporting year"), validators=range_validators(CAMPAIGN_YEAR)
    )
    deadline = models.DateField(_("deadline"))
    industries = models.ManyToManyField(
        "enterprises.Industry", verbose_name=_("industries in scope"), blank=True, help_text=_("Empty: every industry.")
    )
    lists = models.ManyToManyField(
        "regulations.RegulatoryList",
        verbose_name=_("substance scope (lists)"),
        blank=True,
        help_text=_("Only substances on one of these lists may be reported. Empty: any registry substance."),
    )

    history = HistoricalRecords()
    scope = REFERENCE

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        constraints = [
            models.UniqueConstraint(fields=["city", "year"], name="surveys_campaign_unique_city_year"),
            range_constraint("year", CAMPAIGN_YEAR, name="surveys_campaign_year_range"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:campaign_detail", args=[self.pk])


class Submission(RegistryModel):
    """An enterprise's survey report for a campaign, and its way through district and city review.

    At submission the report is frozen as JSON with its SHA-256, so that what was reviewed is known.
    Quantities are confidential: departments see none (only aggregates leave the platform).
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="submissions"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="submissions"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    filler = models.CharField(_("filled in by"), max_length=60, blank=True)
    reviewer = models.CharField(_("checked by (enterprise)"), max_length=60, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=60, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    frozen = models.JSONField(_("copy of record"), null=True, blank=True, encoder=DjangoJSONEncoder, editable=False)
    frozen_sha256 = models.CharField(_("SHA-256 of the copy of record"), max_length=64, blank=True, editable=False)

    history = HistoricalRecords()
    scope = Scope(
        district="enterprise__district",
        enterprise="enterprise",
        confidential=True,
        writers=frozenset({Role.ENTERPRISE, Role.DISTRICT}),
    )

    class Meta:
        ordering = ["campaign", "enterprise__name"]
        verbose_name = _("survey submission")
        verbose_name_plural = _("survey submissions")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "enterprise"], name="surveys_submission_unique_enterprise")
        ]
        # The review queues: one status, oldest submission first.
        indexes = [models.Index(fields=["status", "submitted_at"], name="surveys_sub_status_submitted")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.campaign}"

    def get_absolute_url(self) -> str:
        return reverse("surveys:submission_detail", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


class SubmissionLine(RegistryModel):
    """One substance and activity in a submission, with the annual quantity, uses, releases and tier details."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="lines"
    )
    substance = models.ForeignKey("substances.Substance", verbose_name=_("substance"), on_delete=models.PROTECT)
    activity = models.CharField(_("activity"), max_length=20, choices=Activity.choices)
    quantity_t = models.DecimalField(
        _("annual quantity (t/a)"), max_digits=14, decimal_places=4, validators=range_validators(QUANTITY_T)
    )
    uses = models.CharField(_("uses"), max_length=300, blank=True)
    release_air_kg = models.DecimalField(
        _("release to air (kg/a)"), max_digits=14, decimal_places=3, default=0,
        validators=range_validators(RELEASE_KG),
    )
    release_water_kg = models.DecimalField(
        _("release to water (kg/a)"), max_digits=14, decimal_places=3, default=0,
        validators=range_validators(RELEASE_KG),
    )
    release_soil_kg = models.DecimalField(
        _("release to soil (kg/a)"), max_digits=14, decimal_places=3, default=0,
        validators=range_validators(RELEASE_KG),
    )
    transfer_kg = models.DecimalField(
        _("transfers off site (kg/a)"), max_digits=14, decimal_places=3, default=0,
        validators=range_validators(RELEASE_KG),
    )
    tiers = models.JSONField(_("information tiers"), default=list, blank=True, editable=False)
    details = models.JSONField(_("tier details"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    history = HistoricalRecords()
    scope = Scope(
        district="submission__enterprise__district",
        enterprise="submission__enterprise",
        confidential=True,
        writers=frozenset({Role.ENTERPRISE}),
    )

    class Meta:
        ordering = ["submission", "pk"]
        verbose_name = _("submission line")
        verbose_name_plural = _("submission lines")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "substance", "activity"],
                name="surveys_line_unique_activity",
                violation_error_message=_("This substance and activity is already reported."),
            ),
            range_constraint("quantity_t", QUANTITY_T, name="surveys_submissionline_quantity_t_range"),
            *(range_constraint(field, RELEASE_KG, name=f"surveys_submissionline_{field}_range")
              for field in ("release_air_kg", "release_water_kg", "release_soil_kg", "transfer_kg")),
        ]

    @property
    def tier_labels(self) -> list[str]:
        return [str(TIER_LABELS.get(tier, tier)) for tier in self.tiers]

    def __str__(self) -> str:
        return f"{self.substance} · {self.get_activity_display()}"

    def get_absolute_url(self) -> str:
        return self.submission.get_absolute_url()


class ReviewComment(RegistryModel):
    """A reviewer's comment on a submission or one of its lines."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="comments"
    )
    line = models.ForeignKey(SubmissionLine, verbose_name=_("line"), null=True, blank=True, on_delete=models.SET_NULL)
    level = models.CharField(_("review level"), max_length=10, choices=ReviewLevel.choices)
    text = models.TextField(_("comment"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL)

    scope = Scope(
        district="submission__enterprise__district",
        enterprise="submission__enterprise",
        confidential=True,
        writers=frozenset({Role.DISTRICT}),
    )

    class Meta:
        ordering = ["submission", "created_at"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self) -> str:
        return self.text[:40]
