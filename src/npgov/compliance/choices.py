from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RECTIFICATION_SUBMITTED = "rectification_submitted", _("Rectification submitted")
    CLOSED = "closed", _("Verified and closed")
    ESCALATED = "escalated", _("Escalated to a case")
    RESOLVED = "resolved", _("Resolved: the cause is gone")


ACTIVE_STATUSES = (FindingStatus.OPEN, FindingStatus.RECTIFICATION_SUBMITTED)


class Severity(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


# Days an enterprise has to rectify, by severity (counted from the day the finding opens).
DUE_DAYS = {Severity.HIGH: 30, Severity.MEDIUM: 60, Severity.LOW: 90}
