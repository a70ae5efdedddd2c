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
