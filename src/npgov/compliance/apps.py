from __future__ import annotations

from typing import Any

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
        from npgov.core.registry import registry

        registry.list_change_impact = _list_change_impact


def _list_change_impact(diff: Any) -> dict[str, Any]:
    # imported when called: the impact classifies structures (RDKit), which a web process loads only when needed
    from npgov.compliance.impact import diff_impact_json

    return diff_impact_json(diff)
