"""Menu items of draws, inspections and cases, and the import of the inspector pool."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from npgov.core.choices import Role
from npgov.core.importers import register_import
from npgov.core.registry import DataStep, NavItem, registry
from npgov.enforcement.inspections.forms import INSPECTOR_IMPORT

OFFICIALS = frozenset({Role.SYSADMIN, Role.BUREAU, Role.DEPARTMENT, Role.DISTRICT})


def register() -> None:
    registry.add_nav(
        NavItem("control", _("Random inspection draws"), "enforcement:draw_list", "shuffle", 40, roles=OFFICIALS)
    )
    registry.add_nav(
        NavItem("control", _("Inspection tasks"), "enforcement:task_list", "clipboard2-check", 50, roles=OFFICIALS)
    )
    registry.add_nav(NavItem("control", _("Cases"), "enforcement:case_list", "bank", 60, roles=OFFICIALS))
    registry.add_nav(
        NavItem("control", _("Inspector pool"), "enforcement:inspector_list", "person-vcard", 70, roles=OFFICIALS)
    )
    register_import(INSPECTOR_IMPORT)
    # Demo and reference loaders by path: their modules (and the libraries they use) load only when run.
    registry.add_data_step(
        DataStep(
            "inspection-demo",
            "inspection demo",
            "npgov.enforcement.inspections.demo.create_inspection_demo",
            order=990,
            demo_only=True,
        )
    )
    registry.add_data_step(
        DataStep(
            "enforcement-products-demo",
            "product sampling and import/export demo",
            "npgov.enforcement.demo.create_products_demo",
            order=985,
            demo_only=True,
        )
    )
