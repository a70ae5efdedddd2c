"""Menu items and the enterprise page's findings panel."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from npgov.compliance.models import Finding
from npgov.compliance.selectors import enterprise_obligations, finding_list
from npgov.core.choices import Role
from npgov.core.models import User
from npgov.core.permissions import can
from npgov.core.registry import DataStep, NavItem, Panel, registry

if TYPE_CHECKING:
    from npgov.enterprises.models import Enterprise

OFFICIALS = frozenset({Role.SYSADMIN, Role.BUREAU, Role.DEPARTMENT, Role.DISTRICT})


def _enterprise_findings(enterprise: Enterprise, user: User | AnonymousUser) -> dict[str, Any] | None:
    """Obligations (with the rule and evidence) and findings with their deadlines, month by month."""
    if not can(user, Finding, "view"):
        return None
    findings = list(finding_list(user=user, enterprise=enterprise).order_by("due_date", "pk"))
    duties = enterprise_obligations(enterprise=enterprise)
    if not findings and not duties:
        return None
    months = [(month, list(items)) for month, items in groupby(findings, key=lambda f: f.due_date.strftime("%Y-%m"))]
    return {"obligations": duties, "months": months, "enterprise": enterprise}


def register() -> None:
    """Called from ComplianceConfig.ready()."""
    registry.add_nav(
        NavItem("control", _("Compliance findings"), "compliance:finding_list", "exclamation-triangle", 10)
    )
    registry.add_nav(NavItem("control", _("Obligation lists"), "compliance:obligations", "list-check", 20,
                             roles=OFFICIALS))  # fmt: skip
    registry.add_nav(NavItem("control", _("List changes and their impact"), "compliance:list_changes",
                             "arrow-left-right", 25, roles=OFFICIALS))  # fmt: skip
    registry.add_nav(NavItem("control", _("New chemical substances"), "compliance:registration_list", "patch-plus", 30,
                             roles=OFFICIALS))  # fmt: skip
    # The panel belongs to the enterprise page: its model is looked up by label, like a ForeignKey's "app.Model".
    registry.add_panel(Panel(apps.get_model("enterprises", "Enterprise"), "findings",
                             _("Compliance findings and deadlines"), "compliance/panels/enterprise.html",
                             _enterprise_findings, order=40))  # fmt: skip
    # Demo and reference loaders by path: their modules (and the libraries they use) load only when run.
    registry.add_data_step(
        DataStep(
            "compliance-demo",
            "compliance demo",
            "npgov.compliance.demo.create_compliance_demo",
            order=975,
            demo_only=True,
        )
    )
