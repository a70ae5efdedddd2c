"""Menu items and the enterprise page's findings panel."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from npgov.core.choices import Role
from npgov.core.permissions import can
from npgov.core.registry import NavItem, Panel, registry
from npgov.enterprises.models import Enterprise

registry.add_nav(NavItem("control", _("Compliance findings"), "compliance:finding_list", "exclamation-triangle", 10))
registry.add_nav(
    NavItem(
        "control",
        _("Obligation lists"),
        "compliance:obligations",
        "list-check",
        20,
        roles=frozenset({Role.SYSADMIN, Role.BUREAU, Role.DEPARTMENT, Role.DISTRICT}),
    )  # fmt: skip
)
registry.add_nav(
    NavItem(
        "control",
        _("New chemical substances"),
        "compliance:registration_list",
        "patch-plus",
        30,
        roles=frozenset({Role.SYSADMIN, Role.BUREAU, Role.DEPARTMENT, Role.DISTRICT}),
    )  # fmt: skip
)


def _enterprise_findings(enterprise: Enterprise, user: Any) -> dict[str, Any] | None:
    """Obligations (with the rule and evidence) and findings with their deadlines, month by month."""
    from itertools import groupby

    from npgov.compliance.models import Finding
    from npgov.compliance.obligations import enterprise_obligations

    if not can(user, Finding, "view"):
        return None
    findings = list(
        Finding.objects.restrict(user, "view")
        .filter(enterprise=enterprise)
        .select_related("substance")
        .order_by("due_date", "pk")
    )
    duties = enterprise_obligations(enterprise)
    if not findings and not duties:
        return None
    months = [(month, list(items)) for month, items in groupby(findings, key=lambda f: f.due_date.strftime("%Y-%m"))]
    return {"obligations": duties, "months": months, "enterprise": enterprise}


registry.add_panel(
    Panel(
        Enterprise,
        "findings",
        _("Compliance findings and deadlines"),
        "compliance/panels/enterprise.html",
        _enterprise_findings,
        order=40,
    )  # fmt: skip
)
