"""Menu items of the risk work."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from npgov.core.choices import Role
from npgov.core.registry import DataStep, NavItem, registry


def register() -> None:
    registry.add_nav(
        NavItem(
            "assess",
            _("Three-highs screening"),
            "risk:screening",
            "funnel",
            10,
            roles=frozenset({Role.SYSADMIN, Role.BUREAU, Role.DEPARTMENT}),
        )  # fmt: skip
    )
    registry.add_nav(NavItem("assess", _("PNECs"), "risk:pnec_list", "droplet-half", 20))
    registry.add_nav(
        NavItem(
            "assess",
            _("Risk assessment runs"),
            "risk:run_list",
            "clipboard-data",
            30,
            roles=frozenset({Role.SYSADMIN, Role.BUREAU, Role.DEPARTMENT, Role.DISTRICT}),
        )  # fmt: skip
    )
    registry.add_nav(NavItem("assess", _("Hazard data"), "risk:hazard_list", "exclamation-diamond", 15))
    registry.add_nav(NavItem("assess", _("Ecotoxicity endpoints"), "risk:endpoint_list", "bug", 18))
    registry.add_nav(
        NavItem(
            "assess",
            _("Local priority lists"),
            "risk:priority_list",
            "list-ol",
            40,
            roles=frozenset({Role.SYSADMIN, Role.BUREAU, Role.DEPARTMENT, Role.EXPERT}),
        )  # fmt: skip
    )
    registry.add_nav(
        NavItem(
            "monitoring",
            _("Draft next year's monitoring plan"),
            "risk:plan_draft",
            "calendar2-check",
            65,
            roles=frozenset({Role.SYSADMIN, Role.BUREAU}),
        )  # fmt: skip
    )
    # Demo and reference loaders by path: their modules (and the libraries they use) load only when run.
    registry.add_data_step(
        DataStep(
            "risk-demo",
            "risk assessment demo",
            "npgov.risk.demo.create_risk_demo",
            order=980,
            demo_only=True,
        )
    )
    registry.add_data_step(
        DataStep(
            "pnecs",
            "PNECs",
            "npgov.risk.pnecs.pnecs_load",
            order=40,
        )
    )
    registry.add_data_step(
        DataStep(
            "hazard-data",
            "hazard data",
            "npgov.risk.hazard_data.hazard_data_load",
            order=41,
        )
    )
