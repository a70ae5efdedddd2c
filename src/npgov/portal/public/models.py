"""What the bureau chooses to publish on the portal beyond what is public by nature."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from npgov.core.models import RegistryModel
from npgov.core.permissions import Scope

__all__ = ["PortalSettings"]


class PortalSettings(RegistryModel):
    """One row: the publication choices of the bureau (the level of work-plan progress the public sees)."""

    class WorkplanLevel(models.TextChoices):
        HIDDEN = "hidden", _("Not published")
        PLAN = "plan", _("Overall progress of each plan")
        TASKS = "tasks", _("Progress of each task")
        KPIS = "kpis", _("Progress of each task and the indicators")

    workplan_level = models.CharField(
        _("work-plan progress published"), max_length=10, choices=WorkplanLevel.choices, default=WorkplanLevel.PLAN,
        help_text=_("How much of the work plan's progress the public portal shows."),
    )  # fmt: skip
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    history = HistoricalRecords()
    scope = Scope()  # the bureau only; the public reads it through the portal's selectors

    class Meta:
        verbose_name = _("portal settings")
        verbose_name_plural = _("portal settings")

    def __str__(self) -> str:
        return str(_("Portal settings"))

    @classmethod
    def current(cls) -> PortalSettings:
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row
