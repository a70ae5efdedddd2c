from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubstancesConfig(AppConfig):
    name = "npgov.substances"
    label = "substances"
    verbose_name = _("Substances")

    def ready(self) -> None:
        from npgov.substances import navigation  # noqa: F401  (menu items and data steps)
