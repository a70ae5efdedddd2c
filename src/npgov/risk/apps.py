from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "npgov.risk"
    label = "risk"
    verbose_name = _("Risk assessment")

    def ready(self) -> None:
        from npgov.risk import demo, hazard_data, navigation, services  # noqa: F401  (menus, data steps)
