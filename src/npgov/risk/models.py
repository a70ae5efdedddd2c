"""Hazard data for the risk assessment: PNECs with their provenance (issue #6, item 1, first part)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from npgov.core.choices import Role
from npgov.core.models import RegistryModel
from npgov.core.numbers import (
    ANY_FINITE,
    POSITIVE_CONCENTRATION,
    check_model_number,
    range_constraint,
    range_validators,
)
from npgov.core.permissions import REFERENCE, Scope
from npgov.science.numbers import NumberRange


class Compartment(models.TextChoices):
    FRESHWATER = "freshwater", _("Fresh water")
    MARINE = "marine", _("Marine water")
    SEDIMENT = "sediment", _("Sediment (dry weight)")


WATER_COMPARTMENTS = [(value, label) for value, label in Compartment.choices if value != Compartment.SEDIMENT]
COMPARTMENT_MATRIX = {"freshwater": "water", "marine": "water", "sediment": "sediment"}  # monitoring matrix

# Declared ranges (issue #16). A PNEC is positive; in the canonical unit (ng/L, ng/g) it is within the range
# monitoring results are stored in, so that "1e308 mg/L" is refused after conversion instead of stored as infinity.
# The value as the source writes it: positive and finite (any unit); the bound that matters is the canonical one,
# so that the message names the value after conversion.
PNEC_VALUE = NumberRange(0, sys.float_info.max, minimum_inclusive=False)
PNEC_CANONICAL = POSITIVE_CONCENTRATION
PNEC_CANONICAL_UNIT = {"freshwater": "ng/L", "marine": "ng/L", "sediment": "ng/g"}
ENDPOINT_MG_L = NumberRange(0, 1e6, minimum_inclusive=False, unit="mg/L")  # 1e6 mg/L is a kilogram per litre
EXPOSURE_DAYS = NumberRange(0, 36_500, minimum_inclusive=False, unit="d")
HAZARD_VALUE = ANY_FINITE  # log Kow may be negative; each property's own bounds are the screening's business
RISK_SCORE = ANY_FINITE
LIST_YEAR = NumberRange(2000, 2100)


class Pnec(RegistryModel):
    """A predicted no-effect concentration (or quality standard used as one), as a source gives it."""

    substance = models.ForeignKey(
        "substances.Substance", verbose_name=_("substance"), on_delete=models.PROTECT, related_name="pnecs"
    )
    compartment = models.CharField(_("compartment"), max_length=12, choices=Compartment.choices)
    value = models.FloatField(_("value"), validators=range_validators(PNEC_VALUE))
    unit = models.CharField(_("unit"), max_length=12, default="µg/L")
    value_ng_l = models.FloatField(_("value in the canonical unit"), editable=False,
                                   validators=range_validators(PNEC_CANONICAL),
                                   help_text=_("ng/L for water, ng/g dry weight for sediment: the unit monitoring "
                                               "results are stored in."))  # fmt: skip
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
        constraints = [
            models.CheckConstraint(condition=models.Q(value__gt=0), name="risk_pnec_positive"),
            range_constraint("value", PNEC_VALUE, name="risk_pnec_value_range"),
            range_constraint("value_ng_l", PNEC_CANONICAL, name="risk_pnec_value_ng_l_range"),
        ]

    def __str__(self) -> str:
        return f"{self.substance} {self.get_compartment_display()} {self.value:g} {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("risk:pnec_list") + f"?substance={self.substance_id}"

    def canonical_value(self) -> float:
        """``value`` in ng/L (water) or ng/g (sediment); ValidationError when the unit does not fit the
        compartment or the converted value is not finite and within :data:`PNEC_CANONICAL`."""
        # Imported here: pint (with numpy and scipy) is heavy, and models load in every process at start-up.
        from npgov.science.units import UnitError, conversion

        check_model_number(Pnec, "value", self.value)
        try:
            factor = conversion(self.unit, COMPARTMENT_MATRIX[self.compartment]).factor
        except (UnitError, KeyError) as exc:
            raise ValidationError(
                {"unit": _("%(unit)s is not a concentration unit for this compartment.") % {"unit": self.unit}},
                code="unit",
            ) from exc
        canonical = float(self.value) * factor
        try:
            check_model_number(Pnec, "value_ng_l", canonical)
        except ValidationError as exc:
            raise ValidationError(
                {"value": _("%(value)s %(unit)s is %(canonical)s %(canonical_unit)s after conversion: %(error)s")
                 % {"value": f"{self.value:g}", "unit": self.unit, "canonical": f"{canonical:g}",
                    "canonical_unit": PNEC_CANONICAL_UNIT.get(self.compartment, ""), "error": " ".join(exc.messages)}},
                code=exc.error_list[0].code,
            ) from None  # fmt: skip
        return canonical

    def clean(self) -> None:
        super().clean()
        if self.value is None or not self.unit or not self.compartment:
            return
        try:
            check_model_number(Pnec, "value", self.value)
        except ValidationError:
            return  # the field's own validator reports it
        self.canonical_value()

    def save(self, *args: object, **kwargs: object) -> None:
        # Never stores infinity: the conversion is checked against the declared range (issue #16).
        self.value_ng_l = self.canonical_value()
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

    class Kind(models.TextChoices):
        ECOLOGICAL = "ecological", _("Ecological risk (RQ = MEC / PNEC)")
        HEALTH = "health", _("Drinking-water health risk (HQ, HI, cancer risk)")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ECOLOGICAL)
    compartment = models.CharField(_("compartment"), max_length=12, choices=Compartment.choices,
                                   default=Compartment.FRESHWATER)  # fmt: skip
    exposure = models.JSONField(
        _("exposure parameters"),
        default=dict,
        blank=True,
        help_text=_("Health runs: the values replacing the defaults, per population."),
    )
    mec_statistic = models.CharField(_("MEC statistic"), max_length=10, default="max",
                                     help_text=_("max, p95 or km_mean (Kaplan–Meier mean)"))  # fmt: skip
    verified_pnecs_only = models.BooleanField(_("verified PNECs only"), default=False)
    # Runs before issue 18 computed no estimates (their rows are False), so that they still reproduce.
    estimate_unmonitored = models.BooleanField(
        _("estimate unmonitored substances"),
        default=True,
        help_text=_("Fresh-water ecological runs: an estimated RQ (PEC / PNEC) from the enterprises' reported "
                    "releases to water, kept apart from the measured RQs."),
    )  # fmt: skip
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("to"), null=True, blank=True)
    inputs = models.JSONField(_("inputs"), default=dict, editable=False)
    # The results are rows of RunResultRow (issue 17): a list or the API never loads them; ``results`` below is
    # the whole dict for the detail page's exports, the API detail and tests.
    digest = models.CharField(_("results digest (SHA-256)"), max_length=64, blank=True, editable=False)
    software = models.CharField(_("software version"), max_length=40, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey("core.User", verbose_name=_("started by"), null=True, on_delete=models.SET_NULL,
                                   related_name="+")  # fmt: skip

    history = HistoricalRecords()
    # Officials read every run; an expert reads the runs behind the priority-list drafts they were asked to review.
    scope = Scope(officials=True, confidential=False, writers=frozenset(),
                  expert="priority_drafts__reviews__expert__user", distinct=True)  # fmt: skip

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("risk assessment run")
        verbose_name_plural = _("risk assessment runs")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("risk:run_detail", args=[self.pk])

    _pending_results: dict[str, Any] | None = None  # set through ``results``, written by save()
    _loaded_results: dict[str, Any] | None = None

    @property
    def results(self) -> dict[str, Any]:
        """Every result row of the run by section (``sites``, ``substances``; health: ``rows``, ``sites``).

        Loads all rows: for exports, the API detail and tests. Pages read one section or a page of it through
        ``risk.results``.
        """
        if self._pending_results is not None:
            return self._pending_results
        if self._loaded_results is None:
            from npgov.risk.results import results_load  # the storage module imports this one

            self._loaded_results = results_load(self) if self.pk else {}
        return self._loaded_results

    @results.setter
    def results(self, value: dict[str, Any]) -> None:
        self._pending_results = value

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        if self._pending_results is not None:
            from npgov.risk.results import results_store

            results_store(self, self._pending_results)
            self._pending_results = None
        self._loaded_results = None

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._loaded_results = None


RESULT_SECTIONS = ("sites", "substances", "rows", "estimates")
ROW_ID = NumberRange(0, 2_147_483_647)  # a position or an id; a plain integer so rows outlive a deleted site


class RunResultRow(models.Model):
    """One row of a run's results: a site × substance RQ (``sites``), a substance's ranking (``substances``), or a
    health run's site × substance (``rows``) and site (``sites``) rows, as ``data`` exactly as computed.

    ``score`` is the order the pages show (RQ, hazard index, risk score; 0 when none), ``position`` the order
    computed; a page reads one section, one substance or the top rows with an index instead of the whole run.
    """

    run = models.ForeignKey(AssessmentRun, on_delete=models.CASCADE, related_name="result_rows")
    section = models.CharField(max_length=10, choices=[(s, s) for s in RESULT_SECTIONS])
    position = models.PositiveIntegerField(validators=range_validators(ROW_ID))
    site_id = models.PositiveIntegerField(null=True, blank=True, validators=range_validators(ROW_ID))
    substance_id = models.PositiveIntegerField(null=True, blank=True, validators=range_validators(ROW_ID))
    score = models.FloatField(default=0.0, validators=range_validators(RISK_SCORE))
    data = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "section", "position"], name="risk_result_row_unique"),
            range_constraint("position", ROW_ID, name="risk_runresultrow_position_range"),
            range_constraint("site_id", ROW_ID, name="risk_runresultrow_site_id_range"),
            range_constraint("substance_id", ROW_ID, name="risk_runresultrow_substance_id_range"),
            range_constraint("score", RISK_SCORE, name="risk_runresultrow_score_range"),
        ]
        indexes = [
            models.Index(fields=["run", "section", "-score", "position"], name="risk_result_row_score"),
            models.Index(fields=["run", "section", "substance_id"], name="risk_result_row_substance"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id} {self.section} {self.position}"


# --- hazard data (issue #6, item 1) -------------------------------------------------------------------------------
class DataKind(models.TextChoices):
    EXPERIMENTAL = "experimental", _("Experimental")
    ESTIMATED = "estimated", _("Estimated (QSAR, read-across)")
    REGULATORY = "regulatory", _("Regulatory (adopted value)")


class Reliability(models.IntegerChoices):
    # Klimisch et al. (1997) reliability categories, as used in REACH registrations.
    RELIABLE = 1, _("1 reliable without restriction")
    RESTRICTED = 2, _("2 reliable with restrictions")
    UNRELIABLE = 3, _("3 not reliable")
    NOT_ASSIGNABLE = 4, _("4 not assignable")


class HazardProperty(models.TextChoices):
    """Properties the PBT screening and the health-risk calculation read, each with its unit."""

    HALF_LIFE_FRESH_WATER = "half_life_fresh_water", _("Half-life in fresh water")
    HALF_LIFE_MARINE_WATER = "half_life_marine_water", _("Half-life in marine water")
    HALF_LIFE_FRESH_SEDIMENT = "half_life_fresh_sediment", _("Half-life in freshwater sediment")
    HALF_LIFE_MARINE_SEDIMENT = "half_life_marine_sediment", _("Half-life in marine sediment")
    HALF_LIFE_SOIL = "half_life_soil", _("Half-life in soil")
    BCF = "bcf", _("Bioconcentration factor (BCF)")
    LOG_KOW = "log_kow", _("log Kow")
    ORAL_RFD = "oral_rfd", _("Oral reference dose (RfD)")
    ORAL_SLOPE_FACTOR = "oral_slope_factor", _("Oral cancer slope factor")
    CLASSIFICATION = "classification", _("CMR / STOT RE classification")
    ENDOCRINE_DISRUPTOR = "endocrine_disruptor", _("Endocrine disruptor")


PROPERTY_UNITS = {
    "half_life_fresh_water": "d", "half_life_marine_water": "d", "half_life_fresh_sediment": "d",
    "half_life_marine_sediment": "d", "half_life_soil": "d", "bcf": "L/kg", "log_kow": "",
    "oral_rfd": "mg/(kg·d)", "oral_slope_factor": "(mg/(kg·d))⁻¹", "classification": "", "endocrine_disruptor": "",
}  # fmt: skip
TEXT_PROPERTIES = frozenset({"classification", "endocrine_disruptor"})


class HazardDatum(RegistryModel):
    """One property value of a substance with its provenance: a half-life, BCF, log Kow, RfD, slope factor…

    Several values of a property may coexist (sources disagree); the screening uses the most protective
    reliable one and shows which.
    """

    substance = models.ForeignKey("substances.Substance", verbose_name=_("substance"), on_delete=models.PROTECT,
                                  related_name="hazard_data")  # fmt: skip
    property = models.CharField(_("property"), max_length=30, choices=HazardProperty.choices)
    value = models.FloatField(_("value"), null=True, blank=True, validators=range_validators(HAZARD_VALUE))
    text = models.CharField(
        _("text value"),
        max_length=200,
        blank=True,
        help_text=_("For classifications (e.g. Repr. 1B; STOT RE 2) and yes/no properties."),
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True, editable=False)
    kind = models.CharField(_("data kind"), max_length=12, choices=DataKind.choices)
    reliability = models.PositiveSmallIntegerField(_("reliability (Klimisch)"), choices=Reliability.choices,
                                                   default=Reliability.RESTRICTED)  # fmt: skip
    source = models.TextField(_("source"))
    note = models.TextField(_("note"), blank=True)
    verified = models.BooleanField(
        _("verified"), default=True, help_text=_("Unticked when the value was not checked against its source.")
    )

    history = HistoricalRecords()
    scope = REFERENCE

    class Meta:
        ordering = ["substance__name_zh", "property", "value"]
        verbose_name = _("hazard datum")
        verbose_name_plural = _("hazard data")
        constraints = [
            models.CheckConstraint(condition=models.Q(value__isnull=False) | ~models.Q(text=""),
                                   name="risk_hazard_datum_has_value"),
            range_constraint("value", HAZARD_VALUE, name="risk_hazarddatum_value_range"),
        ]  # fmt: skip

    def __str__(self) -> str:
        shown = self.text if self.property in TEXT_PROPERTIES else f"{self.value:g} {self.unit}".strip()
        return f"{self.substance} {self.get_property_display()} {shown}"

    def get_absolute_url(self) -> str:
        return reverse("risk:hazard_profile", args=[self.substance_id])

    def save(self, *args: object, **kwargs: object) -> None:
        self.unit = PROPERTY_UNITS.get(self.property, "")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class TrophicLevel(models.TextChoices):
    ALGAE = "algae", _("Algae")
    INVERTEBRATES = "invertebrates", _("Invertebrates")
    FISH = "fish", _("Fish")


class EcotoxEndpoint(RegistryModel):
    """An aquatic ecotoxicity result: the input of a PNEC derived with the TGD assessment factors."""

    class Duration(models.TextChoices):
        SHORT = "short-term", _("Short-term (acute)")
        LONG = "long-term", _("Long-term (chronic)")

    class Endpoint(models.TextChoices):
        LC50 = "LC50", "LC50"
        EC50 = "EC50", "EC50"
        ERC50 = "ErC50", "ErC50"
        NOEC = "NOEC", "NOEC"
        EC10 = "EC10", "EC10"

    substance = models.ForeignKey("substances.Substance", verbose_name=_("substance"), on_delete=models.PROTECT,
                                  related_name="ecotox_endpoints")  # fmt: skip
    compartment = models.CharField(_("compartment"), max_length=12, choices=WATER_COMPARTMENTS,
                                   default=Compartment.FRESHWATER)  # fmt: skip
    species = models.CharField(_("species"), max_length=120)
    trophic_level = models.CharField(_("trophic level"), max_length=14, choices=TrophicLevel.choices)
    duration = models.CharField(_("duration"), max_length=10, choices=Duration.choices)
    endpoint = models.CharField(_("endpoint"), max_length=6, choices=Endpoint.choices)
    exposure_days = models.FloatField(_("exposure (days)"), null=True, blank=True,
                                      validators=range_validators(EXPOSURE_DAYS))
    value_mg_l = models.FloatField(_("value (mg/L)"), validators=range_validators(ENDPOINT_MG_L))
    kind = models.CharField(_("data kind"), max_length=12, choices=DataKind.choices, default=DataKind.EXPERIMENTAL)
    reliability = models.PositiveSmallIntegerField(_("reliability (Klimisch)"), choices=Reliability.choices,
                                                   default=Reliability.RESTRICTED)  # fmt: skip
    source = models.TextField(_("source"))
    note = models.TextField(_("note"), blank=True)
    verified = models.BooleanField(_("verified"), default=True)

    history = HistoricalRecords()
    scope = REFERENCE

    class Meta:
        ordering = ["substance__name_zh", "duration", "trophic_level", "value_mg_l"]
        verbose_name = _("ecotoxicity endpoint")
        verbose_name_plural = _("ecotoxicity endpoints")
        constraints = [
            models.CheckConstraint(condition=models.Q(value_mg_l__gt=0), name="risk_endpoint_positive"),
            range_constraint("value_mg_l", ENDPOINT_MG_L, name="risk_ecotoxendpoint_value_mg_l_range"),
            range_constraint("exposure_days", EXPOSURE_DAYS, name="risk_ecotoxendpoint_exposure_days_range"),
        ]

    def __str__(self) -> str:
        return f"{self.substance} {self.species} {self.endpoint} {self.value_mg_l:g} mg/L"

    def get_absolute_url(self) -> str:
        return reverse("risk:hazard_profile", args=[self.substance_id])


# --- local priority list (issue #6, item 7) ----------------------------------------------------------------------
class PriorityDraft(RegistryModel):
    """A local priority list in the making: drafted from a run's ranking, reviewed by experts, published.

    Publishing writes a regulatory list ``CITY-<district code>-PRIORITY-<year>`` (a new revision when one
    exists) that classification, surveys and compliance read like any other list.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In expert review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    title = models.CharField(_("title"), max_length=200)
    run = models.ForeignKey(AssessmentRun, verbose_name=_("assessment run"), on_delete=models.PROTECT,
                            related_name="priority_drafts")  # fmt: skip
    district = models.ForeignKey("core.District", verbose_name=_("city or district"), on_delete=models.PROTECT,
                                 related_name="+")  # fmt: skip
    year = models.PositiveSmallIntegerField(_("year"), validators=range_validators(LIST_YEAR))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField(_("note"), blank=True)
    published_list = models.ForeignKey("regulations.RegulatoryList", verbose_name=_("published list"), null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="+")  # fmt: skip
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey("core.User", verbose_name=_("drafted by"), null=True, on_delete=models.SET_NULL,
                                   related_name="+")  # fmt: skip

    history = HistoricalRecords()
    # Drafts are the bureau's work with departments and the assigned experts; districts see the published list.
    scope = Scope(confidential=False, writers=frozenset(), expert="reviews__expert__user", distinct=True)

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("priority list draft")
        verbose_name_plural = _("priority list drafts")
        constraints = [range_constraint("year", LIST_YEAR, name="risk_prioritydraft_year_range")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("risk:priority_detail", args=[self.pk])

    @property
    def list_code(self) -> str:
        return f"CITY-{self.district.code}-PRIORITY-{self.year}"


class PriorityItem(RegistryModel):
    """One candidate substance of a draft with the ranking figures that put it there."""

    draft = models.ForeignKey(PriorityDraft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="items")
    substance = models.ForeignKey(
        "substances.Substance", verbose_name=_("substance"), on_delete=models.PROTECT, related_name="+"
    )
    rank = models.PositiveIntegerField(_("rank"))
    risk_score = models.FloatField(_("risk score"), null=True, blank=True, validators=range_validators(RISK_SCORE))
    category = models.PositiveSmallIntegerField(_("action category"), null=True, blank=True)
    included = models.BooleanField(_("on the list"), default=True)
    rationale = models.TextField(_("rationale"), blank=True)

    history = HistoricalRecords()
    scope = Scope(confidential=False, writers=frozenset(), expert="draft__reviews__expert__user", distinct=True)

    class Meta:
        ordering = ["draft", "rank"]
        verbose_name = _("priority list item")
        verbose_name_plural = _("priority list items")
        constraints = [
            models.UniqueConstraint(fields=["draft", "substance"], name="risk_priority_item_unique"),
            range_constraint("risk_score", RISK_SCORE, name="risk_priorityitem_risk_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.substance}"


class PriorityReview(RegistryModel):
    """An expert's review of a draft: assigned by the bureau, answered by the expert."""

    class Verdict(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        AGREE = "agree", _("Agree")
        AGREE_WITH_CHANGES = "changes", _("Agree with changes")
        DISAGREE = "disagree", _("Disagree")

    draft = models.ForeignKey(PriorityDraft, verbose_name=_("draft"), on_delete=models.CASCADE,
                              related_name="reviews")  # fmt: skip
    expert = models.ForeignKey("capacity.Expert", verbose_name=_("expert"), on_delete=models.PROTECT,
                               related_name="priority_reviews")  # fmt: skip
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices, default=Verdict.PENDING)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    history = HistoricalRecords()
    scope = Scope(confidential=False, writers=frozenset({Role.EXPERT}), expert="expert__user")

    class Meta:
        ordering = ["draft", "expert__name"]
        verbose_name = _("expert review")
        verbose_name_plural = _("expert reviews")
        constraints = [models.UniqueConstraint(fields=["draft", "expert"], name="risk_priority_review_unique")]

    def __str__(self) -> str:
        return f"{self.draft} — {self.expert}"
