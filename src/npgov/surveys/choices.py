from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, awaiting district review")
    CITY_REVIEW = "city_review", _("Passed district review, awaiting city review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for correction")


class Activity(models.TextChoices):
    PRODUCTION = "production", _("Production")
    PROCESSING_USE = "processing_use", _("Processing and use")
    IMPORT = "import", pgettext_lazy("trade", "Import")
    EXPORT = "export", pgettext_lazy("trade", "Export")


class ReviewLevel(models.TextChoices):
    DISTRICT = "district", _("District review")
    CITY = "city", _("City review")


# The survey's information tiers (science/tiers.py codes) as users read them.
TIER_LABELS = {
    "key": _("key-control information"),
    "detailed": _("detailed information"),
    "convention": _("convention information"),
    "basic": _("basic information"),
}
