from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "npgov.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        # Imported here, not at module top: app modules may not be imported before the app registry is ready.
        from npgov.monitoring import calculators, import_specs, navigation

        calculators.register()
        import_specs.register()
        navigation.register()
