"""The menu sections of the whole platform (so their order is decided once) and core's own items."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from npgov.core.choices import Role
from npgov.core.registry import DashboardCard, NavItem, NavSection, registry
from npgov.core.selectors import organisation_counts

# The plans' own logic orders the menu: screen → assess → control, then the work plan and support.
SECTIONS = [
    NavSection("screen", _("Substances and lists"), "search", 10),
    NavSection("survey", _("Enterprises and surveys"), "building", 20),
    NavSection("monitoring", _("Monitoring"), "geo-alt", 30),
    NavSection("assess", _("Risk assessment"), "clipboard-data", 40),
    NavSection("control", _("Control and enforcement"), "shield-check", 50),
    NavSection("workplan", _("Work plan"), "list-task", 60),
    NavSection("capacity", _("Capacity"), "mortarboard", 70),
    NavSection("system", _("System"), "gear", 90),
]
ADMINS = frozenset({Role.SYSADMIN})


def _organisation_card(user: Any) -> dict[str, Any]:
    return {"counts": organisation_counts(user=user)}


def register() -> None:
    """Called once from CoreConfig.ready()."""
    for section in SECTIONS:
        registry.add_section(section)
    registry.add_nav(NavItem("system", _("Districts"), "core:district_list", "map", 10))
    registry.add_nav(NavItem("system", _("Departments"), "core:department_list", "diagram-3", 20))
    registry.add_nav(
        NavItem("system", _("Users"), "core:user_list", "people", 30, roles=frozenset({Role.SYSADMIN, Role.BUREAU}))
    )
    registry.add_nav(NavItem("system", _("Background jobs"), "core:job_list", "hourglass-split", 40))
    registry.add_nav(NavItem("system", _("Sign-in audit"), "core:loginevent_list", "shield-lock", 50, roles=ADMINS))
    registry.add_nav(NavItem("system", _("API documentation"), "api:docs", "braces", 60))
    registry.add_card(DashboardCard("organisation", "core/cards/organisation.html", _organisation_card, order=900))
