from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubstanceKind(models.TextChoices):
    SINGLE = "single", _("Single substance")
    GROUP = "group", _("Group of substances")
    UVCB = "uvcb", _("UVCB / mixture of isomers")


class PropertyBasis(models.TextChoices):
    EXPERIMENTAL = "experimental", _("Experimental")
    ESTIMATED = "estimated", _("Estimated (model)")
    REGULATORY = "regulatory", _("Regulatory / assessed value")


class PropertyName(models.TextChoices):
    LOG_KOW = "log_kow", _("log Kow")
    BCF = "bcf", _("Bioconcentration factor (BCF)")
    WATER_SOLUBILITY = "water_solubility", _("Water solubility")
    VAPOUR_PRESSURE = "vapour_pressure", _("Vapour pressure")
    KOC = "koc", _("Koc")
    HALF_LIFE_WATER = "half_life_water", _("Half-life in water")
    HALF_LIFE_SEDIMENT = "half_life_sediment", _("Half-life in sediment")
    HALF_LIFE_SOIL = "half_life_soil", _("Half-life in soil")
    MELTING_POINT = "melting_point", _("Melting point")
    BOILING_POINT = "boiling_point", _("Boiling point")


class Qualifier(models.TextChoices):
    EQUAL = "=", "="
    LESS = "<", "<"
    GREATER = ">", ">"
    APPROX = "~", "≈"
