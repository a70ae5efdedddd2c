from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "npgov.risk"
    label = "risk"
    verbose_name = _("Risk assessment")

    def ready(self) -> None:
        # the registering modules import the models: not importable before the app registry is ready
        from npgov.risk import import_specs, navigation, workspace

        navigation.register()
        import_specs.register()
        workspace.register()
