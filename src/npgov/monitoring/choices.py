"""Choices of the monitoring app: site kinds, qualifiers, the canonical unit of each matrix."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from npgov.core.choices import Matrix


class SiteKind(models.TextChoices):
    """The kinds of monitoring site the plans name (饮用水源地、近岸海域、工业园区、农(水)产品产地、污水处理厂…)."""

    DRINKING_WATER = "drinking_water", _("Drinking-water source")
    RIVER = "river", _("River")
    LAKE = "lake", _("Lake or reservoir")
    COASTAL = "coastal", _("Coastal sea")
    GROUNDWATER = "groundwater", _("Groundwater")
    SOIL = "soil", _("Soil")
    SEDIMENT = "sediment", _("Sediment")
    INDUSTRIAL_PARK = "industrial_park", _("Industrial park")
    AQUACULTURE = "aquaculture", _("Aquaculture area")
    AGRICULTURAL = "agricultural", _("Agricultural production area")
    SEWAGE_INFLUENT = "sewage_influent", _("Sewage plant influent")
    SEWAGE_EFFLUENT = "sewage_effluent", _("Sewage plant effluent")


# The matrix a result of a site has when the file does not say.
DEFAULT_MATRIX: dict[str, str] = {
    SiteKind.SOIL: Matrix.SOIL,
    SiteKind.SEDIMENT: Matrix.SEDIMENT,
    SiteKind.AGRICULTURAL: Matrix.SOIL,
}

# DESIGN.md "Units": water ng/L, solids ng/g dry weight, biota ng/g wet weight, air ng/m³.
CANONICAL_UNIT: dict[str, str] = {
    Matrix.WATER: "ng/L",
    Matrix.SEDIMENT: "ng/g dw",
    Matrix.SOIL: "ng/g dw",
    Matrix.BIOTA: "ng/g ww",
    Matrix.AIR: "ng/m³",
}
MONITORED_MATRICES = [(value, label) for value, label in Matrix.choices if value in CANONICAL_UNIT]


def default_matrix(site_kind: str) -> str:
    return DEFAULT_MATRIX.get(site_kind, Matrix.WATER)


class Qualifier(models.TextChoices):
    DETECTED = "detected", _("Detected")
    BELOW_LOD = "lt_lod", _("< LOD")
    BELOW_LOQ = "lt_loq", _("< LOQ")
    NOT_ANALYSED = "not_analysed", _("Not analysed")


CENSORED_QUALIFIERS = (Qualifier.BELOW_LOD, Qualifier.BELOW_LOQ)


class QaFlag(models.TextChoices):
    """Quality flags the importer sets or a file carries (comma-separated in ``Result.qa_flags``)."""

    BELOW_LOD_REPORTED = "below_lod_reported", _("Numeric value reported below the LOD")
    LIMIT_DIFFERS = "limit_differs", _("'<x' limit differs from the LOD and LOQ given")
    BLANK = "blank", _("Blank contamination")
    RECOVERY = "recovery", _("Recovery outside the acceptance range")
    ESTIMATED = "estimated", _("Estimated value")


class ImportFormat(models.TextChoices):
    LONG = "long", _("Long (one row per result)")
    WIDE = "wide", _("Wide (one column per analyte)")


class PlanReason(models.TextChoices):
    """Why a line is on the draft plan (the codes of ``science.monitoringplan``)."""

    RQ_HIGH = "rq_high", _("Measured RQ high")
    RQ_CANNOT_CONCLUDE = "rq_cannot_conclude", _("Measured RQ: cannot conclude")
    ESTIMATED_NO_DATA = "estimated_no_data", _("Estimated RQ, no monitoring data")
    RISING_TREND = "rising_trend", _("Rising trend")
    FREQUENT_DETECTION = "frequent_detection", _("Frequently detected")
    LISTED = "listed", _("On a regulatory list")
    REPORTED_NEARBY = "reported_nearby", _("Reported by enterprises nearby")
    NEVER_SAMPLED = "never_sampled", _("Never sampled at this site")
