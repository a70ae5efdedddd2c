from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulationsConfig(AppConfig):
    name = "npgov.regulations"
    label = "regulations"
    verbose_name = _("Regulatory lists")

    def ready(self) -> None:
        from npgov.regulations import navigation  # noqa: F401  (menu, panels, data steps)
