from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "npgov.enterprises"
    label = "enterprises"
    verbose_name = _("Enterprises")

    def ready(self) -> None:
        # Imported here, not at module top: these modules import models, which need the app registry ready.
        from npgov.enterprises import import_specs, navigation, workspace

        navigation.register()
        import_specs.register()
        workspace.register()
