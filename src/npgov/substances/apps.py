from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubstancesConfig(AppConfig):
    name = "npgov.substances"
    label = "substances"
    verbose_name = _("Substances")

    def ready(self) -> None:
        # Imported here, not at module top: these modules import models, which need the app registry ready.
        from npgov.substances import import_specs, navigation

        navigation.register()
        import_specs.register()
