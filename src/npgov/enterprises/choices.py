from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
