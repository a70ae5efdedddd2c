from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacityConfig(AppConfig):
    name = "npgov.capacity"
    label = "capacity"
    verbose_name = _("Capacity")

    def ready(self) -> None:
        # Imported here, not at module top: app modules may not be imported before the app registry is ready.
        from npgov.capacity import importers, navigation, workspace

        navigation.register()
        importers.register()
        workspace.register()
