from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplanConfig(AppConfig):
    name = "npgov.workplan"
    label = "workplan"
    verbose_name = _("Work plan")

    def ready(self) -> None:
        # Imported here, not at module top: app modules may not be imported before the app registry is ready.
        from npgov.core.registry import Tick, registry
        from npgov.core.signals import domain_event
        from npgov.workplan import calculators, navigation, workspace
        from npgov.workplan.services.kpis import kpis_on_event, kpis_recompute_current

        navigation.register()
        calculators.register()
        workspace.register()
        # Computed KPIs stay current: recomputed by the scheduled job and after the events that change their data.
        registry.add_tick(Tick("workplan-kpis", kpis_recompute_current, order=50))
        domain_event.connect(kpis_on_event, dispatch_uid="workplan-kpis-on-event")
