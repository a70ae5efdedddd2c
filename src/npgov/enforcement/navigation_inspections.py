"""Menu items of draws, inspections and cases."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from npgov.core.choices import Role
from npgov.core.registry import NavItem, registry

OFFICIALS = frozenset({Role.SYSADMIN, Role.BUREAU, Role.DEPARTMENT, Role.DISTRICT})
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
