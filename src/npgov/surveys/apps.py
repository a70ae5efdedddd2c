from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "npgov.surveys"
    label = "surveys"
    verbose_name = _("Chemical information survey")

    def ready(self) -> None:
        from npgov.surveys import calculators, demo, navigation  # noqa: F401  (KPI calculator, menus, demo data)
