"""Menu items and the enterprise page's findings panel."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from npgov.core.permissions import can
from npgov.core.registry import NavItem, Panel, registry
from npgov.enterprises.models import Enterprise

registry.add_nav(NavItem("control", _("Compliance findings"), "compliance:finding_list", "exclamation-triangle", 10))


def _enterprise_findings(enterprise: Enterprise, user: Any) -> dict[str, Any] | None:
    from npgov.compliance.models import Finding

    if not can(user, Finding, "view"):
        return None
    findings = Finding.objects.restrict(user, "view").filter(enterprise=enterprise).select_related("substance")
    if not findings.exists():
        return None
    return {"findings": findings.order_by("due_date")[:50], "enterprise": enterprise}


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
