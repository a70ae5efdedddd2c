"""Menu items of the capacity registers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from npgov.core.choices import Role
from npgov.core.registry import NavItem, registry

OFFICIALS = frozenset({Role.SYSADMIN, Role.BUREAU, Role.DEPARTMENT, Role.DISTRICT})


def register() -> None:
    """Called once from CapacityConfig.ready()."""
    registry.add_nav(
        NavItem(
            "capacity",
            _("Expert pool"),
            "capacity:expert_list",
            "person-badge",
            10,
            roles=frozenset({Role.SYSADMIN, Role.BUREAU, Role.DEPARTMENT}),
        )
    )
    registry.add_nav(NavItem("capacity", _("Laboratories"), "capacity:lab_list", "eyedropper", 20, roles=OFFICIALS))
    registry.add_nav(NavItem("capacity", _("Training"), "capacity:training_list", "easel", 30, roles=OFFICIALS))
    registry.add_nav(
        NavItem("capacity", _("Research and pilot projects"), "capacity:project_list", "lightbulb", 40, roles=OFFICIALS)
    )
    registry.add_nav(NavItem("capacity", _("Funding"), "capacity:funding_list", "cash-coin", 50, roles=OFFICIALS))
