"""Menu item and reference-data step of the enterprise registry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from npgov.core.choices import Role
from npgov.core.registry import DataStep, NavItem, registry

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


def _load_industries() -> str:
    from npgov.enterprises.services import industries_load

    return str(industries_load())


registry.add_data_step(DataStep("industries", "industries (GB/T 4754-2017)", _load_industries, order=15))
