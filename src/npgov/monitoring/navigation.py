"""Menu items and the substance page's monitoring panel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from npgov.core.choices import Role
from npgov.core.permissions import can
from npgov.core.registry import DataStep, NavItem, Panel, registry
from npgov.monitoring.models import Result

if TYPE_CHECKING:
    from npgov.substances.models import Substance

OFFICIALS = frozenset({Role.SYSADMIN, Role.BUREAU, Role.DEPARTMENT, Role.DISTRICT})
WRITERS = frozenset({Role.SYSADMIN, Role.BUREAU})


def _substance_panel(substance: Substance, user: Any) -> dict[str, Any] | None:
    if not can(user, Result, "view"):
        return None
    return {"substance": substance}


def register() -> None:
    """Called once from MonitoringConfig.ready()."""
    registry.add_nav(NavItem("monitoring", _("Monitoring map"), "monitoring:map", "map", 10, roles=OFFICIALS))
    registry.add_nav(
        NavItem("monitoring", _("Monitoring sites"), "monitoring:site_list", "geo-alt", 20, roles=OFFICIALS)
    )
    registry.add_nav(NavItem("monitoring", _("Results"), "monitoring:result_list", "table", 30, roles=OFFICIALS))
    registry.add_nav(
        NavItem("monitoring", _("Import results"), "monitoring:result_import", "upload", 40, roles=WRITERS)
    )
    registry.add_nav(NavItem("monitoring", _("Result imports"), "monitoring:batch_list", "archive", 50, roles=WRITERS))
    registry.add_nav(
        NavItem("monitoring", _("Monitoring plans"), "monitoring:plan_list", "calendar-check", 60, roles=OFFICIALS)
    )
    registry.add_panel(
        Panel(
            apps.get_model("substances", "Substance"),
            "monitoring",
            _("Monitoring"),
            "monitoring/panels/substance.html",
            _substance_panel,
            order=40,
        )
    )
    # Demo and reference loaders by path: their modules (and the libraries they use) load only when run.
    registry.add_data_step(
        DataStep(
            "monitoring-demo",
            "monitoring demo",
            "npgov.monitoring.demo.create_monitoring_demo",
            order=970,
            demo_only=True,
        )
    )
