"""The monitoring network: sites, plans and campaigns, samples and results with their limits.

Results are kept exactly as measured (value and unit as reported, qualifier, limits) with the
value normalised to the matrix's canonical unit beside them (DESIGN.md, "Units" and "Censored
data"). Samples and results are append-only and have no per-row history: their provenance is the
import batch (who, when, the file's SHA-256); a wrong batch is withdrawn whole and imported again.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from npgov.core.models import Department, District, ImportBatch, RegistryModel
from npgov.core.models.base import RestrictedQuerySet
from npgov.core.numbers import CONCENTRATION, range_constraint, range_validators
from npgov.core.permissions import Scope
from npgov.enterprises.constants import CHINA_LATITUDE, CHINA_LONGITUDE
from npgov.monitoring.choices import CANONICAL_UNIT, MONITORED_MATRICES, PlanReason, Qualifier, SiteKind
from npgov.science.numbers import NumberRange

# Monitoring data are not confidential among officials: departments read everything, a district
# reads its own sites' data; only the bureau (all-access roles) writes (DESIGN.md roles table).
# Declared ranges (issue #16): validators for forms, importers and the API, check constraints for the database.
SITE_LATITUDE = NumberRange(*CHINA_LATITUDE)
SITE_LONGITUDE = NumberRange(*CHINA_LONGITUDE)
PLAN_YEAR = NumberRange(2000, 2100)
DEPTH_M = NumberRange(0, 12_000, unit="m")  # the deepest ocean is under 11,000 m
# value, LOD and LOQ in the matrix's canonical unit (ng/L, ng/g, ng/m³): after unit conversion, so that
# "1e308 µg/L" (infinity in ng/L) is refused.
RESULT_CONCENTRATION = CONCENTRATION
# Maintained statistics (issue 17): a cell's calendar year is a result's (results before 1970 are refused on
# import); counts of results in one cell or series fit a PostgreSQL integer.
CELL_YEAR = NumberRange(1970, 2100)
RESULT_COUNT = NumberRange(0, 2_147_483_647)

SITE_SCOPE = Scope(district="district", confidential=False, writers=frozenset())
SAMPLE_SCOPE = Scope(district="site__district", confidential=False, writers=frozenset())
PLAN_SCOPE = Scope(confidential=False, officials=True, writers=frozenset())

GEOJSON_TYPES = {"Polygon", "MultiPolygon", "Feature", "FeatureCollection", "LineString", "MultiLineString", "Point"}


def validate_geojson(value: object) -> None:
    """A GeoJSON geometry or feature (coordinates are not re-projected: WGS 84 as GeoJSON requires)."""
    if value in (None, ""):
        return
    if not isinstance(value, dict) or value.get("type") not in GEOJSON_TYPES:
        raise ValidationError(_("Not a GeoJSON object: it needs a 'type' such as Polygon or Feature."))
    if value["type"] in ("Feature",) and not isinstance(value.get("geometry"), dict):
        raise ValidationError(_("A GeoJSON Feature needs a geometry."))
    if value["type"] not in ("Feature", "FeatureCollection") and "coordinates" not in value:
        raise ValidationError(_("A GeoJSON geometry needs coordinates."))


class Site(RegistryModel):
    """A monitoring site (监测点位): where samples are taken, of one kind, in one district."""

    code = models.CharField(
        _("site code"), max_length=40, unique=True, help_text=_("The code used in lab reports and import files.")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("site kind"), max_length=20, choices=SiteKind.choices)
    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+")
    water_body = models.CharField(_("water body"), max_length=100, blank=True, help_text=_("e.g. 碧流河水库, 黄海北部"))
    latitude = models.FloatField(_("latitude"), validators=range_validators(SITE_LATITUDE))
    longitude = models.FloatField(_("longitude"), validators=range_validators(SITE_LONGITUDE))
    area = models.JSONField(
        _("area (GeoJSON)"),
        null=True,
        blank=True,
        validators=[validate_geojson],
        help_text=_("Optional outline of the protected area or zone, as GeoJSON in WGS 84."),
    )
    park = models.ForeignKey(
        "enterprises.Park", verbose_name=_("industrial park"), null=True, blank=True, on_delete=models.PROTECT
    )
    active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    scope = SITE_SCOPE

    class Meta:
        ordering = ["code"]
        verbose_name = _("monitoring site")
        verbose_name_plural = _("monitoring sites")
        indexes = [models.Index(fields=["district", "kind"], name="mon_site_district_kind")]
        constraints = [
            range_constraint("latitude", SITE_LATITUDE, name="monitoring_site_latitude_range"),
            range_constraint("longitude", SITE_LONGITUDE, name="monitoring_site_longitude_range"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:site_detail", args=[self.pk])


class MonitoringPlan(RegistryModel):
    """A monitoring programme: which sites, which substances, how often, who is responsible."""

    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"), validators=range_validators(PLAN_YEAR))
    department = models.ForeignKey(
        Department, verbose_name=_("responsible department"), null=True, blank=True, on_delete=models.PROTECT
    )
    frequency = models.CharField(_("frequency"), max_length=60, blank=True, help_text=_("e.g. 每季度一次"))
    sites = models.ManyToManyField(Site, verbose_name=_("sites"), blank=True, related_name="plans")
    substances = models.ManyToManyField(
        "substances.Substance", verbose_name=_("substances"), blank=True, related_name="+"
    )
    source = models.CharField(_("source"), max_length=300, blank=True, help_text=_("The document that sets the plan."))
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords(m2m_fields=[])
    scope = PLAN_SCOPE

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("monitoring plan")
        verbose_name_plural = _("monitoring plans")
        constraints = [range_constraint("year", PLAN_YEAR, name="monitoring_monitoringplan_year_range")]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:plan_detail", args=[self.pk])


class SamplingCampaign(RegistryModel):
    """One sampling round of a plan (e.g. the 2025 wet-season round)."""

    plan = models.ForeignKey(MonitoringPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="campaigns")
    name = models.CharField(_("name"), max_length=200)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))

    history = HistoricalRecords()
    scope = PLAN_SCOPE

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("monitoring campaign")
        verbose_name_plural = _("monitoring campaigns")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")),
                name="mon_campaign_dates",
                violation_error_message=_("The campaign cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan.name} · {self.name}"

    def get_absolute_url(self) -> str:
        return self.plan.get_absolute_url()


class Sample(models.Model):
    """One sample: a site, a time, a matrix (and depth), analysed by a laboratory."""

    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="samples")
    sampled_at = models.DateTimeField(_("sampled at"))
    matrix = models.CharField(_("matrix"), max_length=20, choices=MONITORED_MATRICES)
    depth_m = models.FloatField(_("depth (m)"), null=True, blank=True, validators=range_validators(DEPTH_M))
    # Only the site is checked by the database on every row; the importer resolves laboratories and
    # batches itself, and per-row foreign-key triggers are a large share of a bulk load's cost.
    lab = models.ForeignKey(
        "capacity.Lab", verbose_name=_("laboratory"), null=True, blank=True, on_delete=models.PROTECT,
        db_constraint=False, db_index=False,
    )  # fmt: skip
    method = models.CharField(_("method"), max_length=100, blank=True)
    sample_code = models.CharField(_("sample code"), max_length=60, blank=True)
    campaign = models.ForeignKey(
        SamplingCampaign, verbose_name=_("campaign"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="samples", db_constraint=False,
    )  # fmt: skip
    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("import batch"), null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        db_constraint=False,
    )  # fmt: skip

    objects = RestrictedQuerySet.as_manager()
    scope = SAMPLE_SCOPE

    class Meta:
        ordering = ["-sampled_at", "site"]
        verbose_name = _("sample")
        verbose_name_plural = _("samples")
        indexes = [models.Index(fields=["site", "sampled_at"], name="mon_sample_site_time")]
        constraints = [range_constraint("depth_m", DEPTH_M, name="monitoring_sample_depth_m_range")]

    def __str__(self) -> str:
        return f"{self.site.code} {self.sampled_at:%Y-%m-%d %H:%M}"


class Result(models.Model):
    """One analyte in one sample, as reported and normalised.

    ``value`` is in the matrix's canonical unit: the measured value when detected, the censoring
    limit for a non-detect (``< LOD`` or ``< LOQ``; "<0.5" keeps 0.5), empty when not analysed.
    ``site``, ``sampled_at`` and ``matrix`` repeat the sample's so that statistics filter and group
    one table.

    Indexes are few on purpose. A site's series is read through the sample index (site, time) and
    the unique (sample, substance) index. A substance's statistics read every page of the table
    whatever the index, because each sample puts all its analytes on the same pages (PostgreSQL's
    bitmap scan read every page of a 1,000,000-result table for one of 17 substances, and was slower
    than the sequential scan). Statistics therefore never read this table in a page: they read the
    maintained :class:`SummaryCell` and :class:`SeriesSummary` rows (issue 17). The two indexes in
    ``Meta`` serve the results list's keyset pages, newest first, whole or for one substance.

    The foreign keys have no database constraint: at a million rows a file, PostgreSQL's per-row
    foreign-key triggers cost twice as much as the load itself (bench/import_monitoring.py). Only the
    importer writes results, after resolving every sample and substance in the same transaction;
    Django still enforces ``PROTECT`` and ``CASCADE`` on deletes.
    """

    sample = models.ForeignKey(
        Sample,
        verbose_name=_("sample"),
        on_delete=models.CASCADE,
        related_name="results",
        db_index=False,  # the unique (sample, substance) index serves it
        db_constraint=False,
    )
    substance = models.ForeignKey(
        "substances.Substance",
        verbose_name=_("substance"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # see the class docstring
        db_constraint=False,
    )
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    sampled_at = models.DateTimeField(_("sampled at"))
    matrix = models.CharField(_("matrix"), max_length=20, choices=MONITORED_MATRICES)
    value_reported = models.CharField(_("value as reported"), max_length=40)
    unit_reported = models.CharField(_("unit as reported"), max_length=20)
    qualifier = models.CharField(_("qualifier"), max_length=12, choices=Qualifier.choices)
    value = models.FloatField(_("value (canonical unit)"), null=True, blank=True,
                              validators=range_validators(RESULT_CONCENTRATION))
    lod = models.FloatField(_("LOD (canonical unit)"), null=True, blank=True,
                            validators=range_validators(RESULT_CONCENTRATION))
    loq = models.FloatField(_("LOQ (canonical unit)"), null=True, blank=True,
                            validators=range_validators(RESULT_CONCENTRATION))
    qa_flags = models.CharField(_("QA flags"), max_length=200, blank=True)
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import batch"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )

    objects = RestrictedQuerySet.as_manager()
    scope = SAMPLE_SCOPE

    class Meta:
        ordering = ["-sampled_at", "pk"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        indexes = [
            # The results list in its order (newest first) and filtered by substance, read by keyset (issue 17).
            models.Index(fields=["-sampled_at", "-id"], name="mon_result_time"),
            models.Index(fields=["substance", "-sampled_at", "-id"], name="mon_result_substance_time"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["sample", "substance"], name="mon_result_unique"),
            models.CheckConstraint(
                condition=models.Q(lod__isnull=True) | models.Q(loq__isnull=True) | models.Q(lod__lte=models.F("loq")),
                name="mon_result_lod_le_loq",
            ),
            range_constraint("value", RESULT_CONCENTRATION, name="monitoring_result_value_range"),
            range_constraint("lod", RESULT_CONCENTRATION, name="monitoring_result_lod_range"),
            range_constraint("loq", RESULT_CONCENTRATION, name="monitoring_result_loq_range"),
        ]

    def __str__(self) -> str:
        return f"{self.substance_id} {self.value_reported} {self.unit_reported}"

    @property
    def censored(self) -> bool:
        return self.qualifier in (Qualifier.BELOW_LOD, Qualifier.BELOW_LOQ)

    @property
    def canonical_unit(self) -> str:
        return CANONICAL_UNIT.get(self.matrix, "")


class SummaryCell(models.Model):
    """Maintained statistics of one site × substance × matrix × calendar year (Asia/Shanghai) (issue 17).

    ``distribution`` is the exact frequency table of the cell's measured results (``science.distributions``:
    ``{"v": values ascending, "d": detects per value, "c": non-detects per value}``, canonical unit), so any
    coarser group — a district, a site kind, a substance over all sites, several years — is the merge of its
    cells, and every censored-data statistic computed from it equals the statistic of the raw results.
    ``n``, ``detected``, ``max_detected``, ``max_limit`` repeat what the table holds, for SQL sums and sorts.

    Kept current by ``monitoring.summaries`` inside the transaction of every path that writes or removes
    results (import, withdrawal, edit); ``npgov monitoring rebuild-summaries`` recomputes all of them.
    Written only by ``monitoring.summaries``; read through ``monitoring.selectors``.
    """

    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, db_constraint=False, related_name="+"
    )
    substance = models.ForeignKey(
        "substances.Substance", verbose_name=_("substance"), on_delete=models.DO_NOTHING, db_constraint=False,
        db_index=False, related_name="+",
    )  # fmt: skip
    matrix = models.CharField(_("matrix"), max_length=20, choices=MONITORED_MATRICES)
    year = models.PositiveSmallIntegerField(_("year"), validators=range_validators(CELL_YEAR))
    n = models.PositiveIntegerField(_("results"), validators=range_validators(RESULT_COUNT))
    detected = models.PositiveIntegerField(_("detects"), validators=range_validators(RESULT_COUNT))
    max_detected = models.FloatField(
        _("largest detect"), null=True, blank=True, validators=range_validators(RESULT_CONCENTRATION)
    )
    max_limit = models.FloatField(
        _("largest non-detect limit"), null=True, blank=True, validators=range_validators(RESULT_CONCENTRATION)
    )
    first_sampled = models.DateTimeField(_("first sampled"))
    last_sampled = models.DateTimeField(_("last sampled"))
    distribution = models.JSONField(_("value distribution"), default=dict)

    class Meta:
        verbose_name = _("monitoring statistics cell")
        verbose_name_plural = _("monitoring statistics cells")
        constraints = [
            models.UniqueConstraint(fields=["site", "substance", "matrix", "year"], name="mon_cell_unique"),
            range_constraint("year", CELL_YEAR, name="monitoring_summarycell_year_range"),
            range_constraint("n", RESULT_COUNT, name="monitoring_summarycell_n_range"),
            range_constraint("detected", RESULT_COUNT, name="monitoring_summarycell_detected_range"),
            range_constraint("max_detected", RESULT_CONCENTRATION, name="monitoring_summarycell_max_detected_range"),
            range_constraint("max_limit", RESULT_CONCENTRATION, name="monitoring_summarycell_max_limit_range"),
        ]
        indexes = [
            models.Index(fields=["substance", "matrix", "year"], name="mon_cell_substance"),
            # the three-highs screening's per-substance totals as an index-only scan (see migration 0006)
            models.Index(fields=["matrix", "substance", "site", "n", "detected"], name="mon_cell_matrix_totals"),
        ]

    def __str__(self) -> str:
        return f"{self.site_id} {self.substance_id} {self.matrix} {self.year}"


class SeriesSummary(models.Model):
    """Maintained statistics of one site × substance × matrix over all years: the site page's row (issue 17).

    ``summary`` is ``science.censored.summarise`` of the series plus the largest detect and limit (as
    ``monitoring.selectors.summary_row`` builds it); ``trend`` the Mann–Kendall result of the series in time
    order (``science.trends.mann_kendall``), both as JSON. Maintained with :class:`SummaryCell`.
    """

    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, db_constraint=False, related_name="+"
    )
    substance = models.ForeignKey(
        "substances.Substance", verbose_name=_("substance"), on_delete=models.DO_NOTHING, db_constraint=False,
        db_index=False, related_name="+",
    )  # fmt: skip
    matrix = models.CharField(_("matrix"), max_length=20, choices=MONITORED_MATRICES)
    n = models.PositiveIntegerField(_("results"), validators=range_validators(RESULT_COUNT))
    first_sampled = models.DateTimeField(_("first sampled"))
    last_sampled = models.DateTimeField(_("last sampled"))
    summary = models.JSONField(_("summary"), default=dict)
    trend = models.JSONField(_("trend"), default=dict)

    class Meta:
        verbose_name = _("monitoring series statistics")
        verbose_name_plural = _("monitoring series statistics")
        constraints = [
            models.UniqueConstraint(fields=["site", "substance", "matrix"], name="mon_series_unique"),
            range_constraint("n", RESULT_COUNT, name="monitoring_seriessummary_n_range"),
        ]

    def __str__(self) -> str:
        return f"{self.site_id} {self.substance_id} {self.matrix}"


# --- next year's plan, line by line (issue 18, item 3) ---------------------------------------------------------------
PLAN_SAMPLES_PER_YEAR = NumberRange(1, 365)  # at most daily sampling
PLAN_LINE_SCORE = NumberRange(0, 10_000)  # the sum of the reasons' weights (science.monitoringplan.WEIGHTS)
PLAN_LINE_RQ = NumberRange(0, 1e15)


def validate_plan_reasons(value: object) -> None:
    """A list of reason codes, each one of :class:`PlanReason`."""
    if not isinstance(value, list) or any(code not in PlanReason.values for code in value):
        raise ValidationError(_("Reasons must be a list of known reason codes."))


class MonitoringPlanLine(RegistryModel):
    """One line of a monitoring plan: a substance at a site, so many samples a year, by a laboratory, and why."""

    plan = models.ForeignKey(MonitoringPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="lines")
    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="+")
    substance = models.ForeignKey(
        "substances.Substance", verbose_name=_("substance"), on_delete=models.PROTECT, related_name="+"
    )
    samples_per_year = models.PositiveSmallIntegerField(
        _("samples per year"), validators=range_validators(PLAN_SAMPLES_PER_YEAR)
    )
    lab = models.ForeignKey(
        "capacity.Lab", verbose_name=_("laboratory"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reasons = models.JSONField(_("reasons"), default=list, blank=True, validators=[validate_plan_reasons])
    score = models.PositiveSmallIntegerField(_("score"), default=0, validators=range_validators(PLAN_LINE_SCORE))
    rq = models.FloatField(_("RQ"), null=True, blank=True, validators=range_validators(PLAN_LINE_RQ))

    history = HistoricalRecords()
    scope = PLAN_SCOPE

    class Meta:
        ordering = ["plan", "-score", "pk"]
        verbose_name = _("monitoring plan line")
        verbose_name_plural = _("monitoring plan lines")
        constraints = [
            models.UniqueConstraint(fields=["plan", "site", "substance"], name="mon_planline_unique"),
            range_constraint("samples_per_year", PLAN_SAMPLES_PER_YEAR,
                             name="monitoring_monitoringplanline_samples_per_year_range"),
            range_constraint("score", PLAN_LINE_SCORE, name="monitoring_monitoringplanline_score_range"),
            range_constraint("rq", PLAN_LINE_RQ, name="monitoring_monitoringplanline_rq_range"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.plan_id} {self.site_id} {self.substance_id}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:plan_detail", args=[self.plan_id])

    @property
    def reason_labels(self) -> list[str]:
        """The reasons in the user's language (a code never reaches a page)."""
        return [str(PlanReason(code).label) for code in self.reasons if code in PlanReason.values]
