"""Menu items of the survey."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from npgov.core.choices import Role
from npgov.core.registry import NavItem, registry

REPORTING = frozenset({Role.SYSADMIN, Role.BUREAU, Role.DISTRICT, Role.ENTERPRISE})
registry.add_nav(
    NavItem("survey", _("Survey campaigns"), "surveys:campaign_list", "clipboard-check", 20, roles=REPORTING)
)
registry.add_nav(
    NavItem("survey", _("Submissions and review"), "surveys:submission_list", "inboxes", 30, roles=REPORTING)
)
