from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class GlpStatus(models.TextChoices):
    NONE = "none", _("No GLP")
    PREPARING = "preparing", _("Preparing for GLP")
    CERTIFIED = "certified", _("GLP certified")


class ProjectKind(models.TextChoices):
    RESEARCH = "research", _("Science and technology project")
    PILOT = "pilot", _("Pilot project")
    DEMONSTRATION = "demonstration", _("Demonstration technology")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
