from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulationsConfig(AppConfig):
    name = "npgov.regulations"
    label = "regulations"
    verbose_name = _("Regulatory lists")

    def ready(self) -> None:
        # Imported here, not at module top: this module imports models, which need the app registry ready.
        from npgov.regulations import navigation

        navigation.register()
