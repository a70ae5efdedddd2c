from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplanConfig(AppConfig):
    name = "npgov.workplan"
    label = "workplan"
    verbose_name = _("Work plan")

    def ready(self) -> None:
        # Imported here, not at module top: app modules may not be imported before the app registry is ready.
        from npgov.workplan import calculators, navigation

        navigation.register()
        calculators.register()
