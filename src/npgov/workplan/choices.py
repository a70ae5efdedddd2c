from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskKind(models.TextChoices):
    TASK = "task", _("Task")
    SAFEGUARD = "safeguard", _("Safeguard measure")


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    CO = "co", _("Responsible by duty")


class ReportStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    BLOCKED = "blocked", _("Blocked")


class OrderStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class KpiDirection(models.TextChoices):
    AT_LEAST = ">=", _("at least")
    AT_MOST = "<=", _("at most")


class KpiScope(models.TextChoices):
    CITY = "city", _("City as a whole")
    DISTRICT = "district", _("Each district")
