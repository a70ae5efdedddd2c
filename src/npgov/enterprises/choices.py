from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyScope(models.TextChoices):
    """Whether an industry class is in the chemical information survey's industry scope."""

    LISTED = "listed", _("On the survey's industry list")
    # Manufacturing (divisions 13–43) holds the survey's 122 classes; until the list is loaded a class
    # there may or may not be on it.
    CANDIDATE = "candidate", _("Manufacturing: may be on the list (list not loaded)")
    OUT = "out", _("Outside the survey's industries")


class IndustryLevel(models.TextChoices):
    SECTION = "section", _("Section")
    DIVISION = "division", _("Division")
    GROUP = "group", _("Group")
    CLASS = "class", _("Class")


class EnterpriseStatus(models.TextChoices):
    OPERATING = "operating", _("Operating")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class PermitKind(models.TextChoices):
    PERMIT = "permit", _("Discharge permit")
    REGISTRATION = "registration", _("Discharge registration")


class AuditKind(models.TextChoices):
    MANDATORY = "mandatory", _("Mandatory cleaner-production audit")
    VOLUNTARY = "voluntary", _("Voluntary cleaner-production audit")


class AuditStatus(models.TextChoices):
    REQUIRED = "required", _("Required")
    UNDERWAY = "underway", _("Underway")
    ACCEPTED = "accepted", _("Accepted")


class PermitLimitKind(models.TextChoices):
    """What a permit limits for a substance: a concentration in discharged water or emitted air, or an amount a year."""

    WATER_CONCENTRATION = "water_concentration", _("Discharge concentration (water)")
    AIR_CONCENTRATION = "air_concentration", _("Emission concentration (air)")
    ANNUAL_AMOUNT = "annual_amount", _("Permitted annual amount")


class LimitUnit(models.TextChoices):
    """Units a permit limit is written in; science.limits converts each to its kind's canonical unit."""

    MG_L = "mg/L", "mg/L"
    UG_L = "µg/L", "µg/L"
    NG_L = "ng/L", "ng/L"
    MG_M3 = "mg/m³", "mg/m³"
    UG_M3 = "µg/m³", "µg/m³"
    NG_M3 = "ng/m³", "ng/m³"
    T_A = "t/a", "t/a"
    KG_A = "kg/a", "kg/a"
    G_A = "g/a", "g/a"
