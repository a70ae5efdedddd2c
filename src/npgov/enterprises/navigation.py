"""Menu item and reference-data step of the enterprise registry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from npgov.core.choices import Role
from npgov.core.registry import DataStep, NavItem, registry
from npgov.enterprises.services import industries_load


def _load_industries() -> str:
    return str(industries_load())


def register() -> None:
    """Called once from EnterprisesConfig.ready()."""
    registry.add_nav(
        NavItem(
            "survey",
            _("Enterprises"),
            "enterprises:enterprise_list",
            "building",
            10,
            roles=frozenset({Role.SYSADMIN, Role.BUREAU, Role.DEPARTMENT, Role.DISTRICT, Role.ENTERPRISE}),
        )
    )
    registry.add_nav(
        NavItem(
            "survey",
            _("Industrial parks"),
            "enterprises:park_list",
            "buildings",
            11,
            roles=frozenset({Role.SYSADMIN, Role.BUREAU, Role.DEPARTMENT, Role.DISTRICT}),
        )
    )
    registry.add_nav(
        NavItem(
            "survey",
            _("Discharge permits"),
            "enterprises:permit_list",
            "file-earmark-check",
            12,
            roles=frozenset({Role.SYSADMIN, Role.BUREAU, Role.DEPARTMENT, Role.DISTRICT, Role.ENTERPRISE}),
        )
    )
    registry.add_data_step(DataStep("industries", "industries (GB/T 4754-2017)", _load_industries, order=15))
    # After the survey demo (960), which registers the demo enterprises.
    registry.add_data_step(
        DataStep(
            "parks-permits-demo",
            "industrial parks and discharge permits demo",
            "npgov.enterprises.demo.create_parks_and_permits_demo",
            order=965,
            demo_only=True,
        )
    )
