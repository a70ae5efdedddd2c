from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "npgov.surveys"
    label = "surveys"
    verbose_name = _("Chemical information survey")

    def ready(self) -> None:
        # Imported here, not at module top: these modules import models, which need the app registry ready.
        from npgov.surveys import calculators, navigation, workspace

        calculators.register()
        navigation.register()
        workspace.register()
