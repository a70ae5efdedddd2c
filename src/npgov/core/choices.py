"""Choice sets of the core app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A user's single role; anonymous visitors are the public."""

    SYSADMIN = "sysadmin", _("System administrator")
    BUREAU = "bureau", _("Ecology and Environment Bureau")
    DEPARTMENT = "department", _("Member department")
    DISTRICT = "district", _("District government")
    ENTERPRISE = "enterprise", _("Enterprise")
    EXPERT = "expert", _("Expert")


# Roles that see and change everything (the lead department and the platform's operators).
ALL_ACCESS_ROLES = frozenset({Role.SYSADMIN, Role.BUREAU})


class DistrictKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    COUNTY = "county", _("County")
    COUNTY_LEVEL_CITY = "county-level city", _("County-level city")
    ZONE = "zone", _("Functional zone")


class DepartmentKind(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal government department")
    VERTICAL = "vertical", _("Vertically managed agency")
    OTHER = "other", _("Other organisation")


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class LoginEventKind(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGOUT = "logout", _("Logged out")
    FAILED = "failed", _("Failed login")


class Matrix(models.TextChoices):
    """What a sample is: shared by laboratory methods (capacity), monitoring and product testing."""

    WATER = "water", _("Water")
    SEDIMENT = "sediment", _("Sediment")
    SOIL = "soil", _("Soil")
    BIOTA = "biota", _("Biota")
    AIR = "air", _("Air")
    PRODUCT = "product", _("Product")
