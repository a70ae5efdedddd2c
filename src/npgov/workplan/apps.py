from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplanConfig(AppConfig):
    name = "npgov.workplan"
    label = "workplan"
    verbose_name = _("Work plan")

    def ready(self) -> None:
        from npgov.workplan import calculators, demo, navigation  # noqa: F401  (menu, card, data steps, KPI calculators)
