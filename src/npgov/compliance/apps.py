from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "npgov.compliance"
    label = "compliance"
    verbose_name = _("Compliance")

    def ready(self) -> None:
        # Imported here, not at module top: these modules import models, which need the app registry ready.
        from npgov.compliance import calculators, forms, navigation, workspace

        navigation.register()
        calculators.register()
        forms.register()
        workspace.register()
        from npgov.compliance.impact import diff_impact_json
        from npgov.core.registry import registry

        registry.list_change_impact = diff_impact_json
