from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "npgov.enforcement"
    label = "enforcement"
    verbose_name = _("Enforcement")

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which exist only once apps are ready.
        from npgov.enforcement import calculators, workspace
        from npgov.enforcement.inspections import navigation as inspections
        from npgov.enforcement.products import navigation as products
        from npgov.enforcement.trade import navigation as trade

        calculators.register()
        for package in (inspections, products, trade):
            package.register()
        workspace.register()
        from npgov.enforcement import activity

        activity.register()
