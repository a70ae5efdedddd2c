from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "npgov.compliance"
    label = "compliance"
    verbose_name = _("Compliance")

    def ready(self) -> None:
        from npgov.compliance import calculators, demo, navigation  # noqa: F401  (KPI calculator, demo, menus)
