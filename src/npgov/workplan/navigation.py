"""Menu items, the dashboard card and the data step of the work plan."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from npgov.core.choices import ALL_ACCESS_ROLES
from npgov.core.models import User
from npgov.core.registry import DashboardCard, DataStep, NavItem, registry
from npgov.workplan.models import Plan
from npgov.workplan.services.indicators import indicators_load
from npgov.workplan.services.loading import workplans_load


def _load_plans() -> str:
    return f"{workplans_load()}; indicators {indicators_load()}"


def _plans_card(user: User) -> dict[str, Any] | None:
    """The bureau's links to each plan's status by department and its evaluation report.

    What is due from a user (answers, indicators, supervision orders, milestones) is on the workspace
    (workplan/workspace.py); this card only leads the bureau to the whole plans.
    """
    if not (user.is_superuser or user.role in ALL_ACCESS_ROLES):
        return None
    plans = list(Plan.objects.select_related("city"))
    return {"plans": plans} if plans else None


def register() -> None:
    """Called once from WorkplanConfig.ready()."""
    registry.add_nav(NavItem("workplan", _("Work plans and tasks"), "workplan:plan_list", "list-task", 10))
    registry.add_nav(NavItem("workplan", _("Progress requests"), "workplan:request_list", "send", 20))
    registry.add_nav(NavItem("workplan", _("Supervision orders"), "workplan:order_list", "exclamation-octagon", 30))
    registry.add_nav(NavItem("workplan", _("KPIs"), "workplan:kpi_list", "graph-up", 40))
    registry.add_nav(
        NavItem(
            "workplan", _("Antibiotics and pesticides indicators"), "workplan:indicator_list", "clipboard2-pulse", 50
        )
    )
    registry.add_data_step(DataStep("workplan", "work plans", _load_plans, order=40))
    registry.add_card(DashboardCard("workplan", "workplan/cards/my_tasks.html", _plans_card, order=5))
    # Demo and reference loaders by path: their modules (and the libraries they use) load only when run.
    registry.add_data_step(
        DataStep(
            "workplan-demo",
            "work plan demo",
            "npgov.workplan.demo.create_workplan_demo",
            order=950,
            demo_only=True,
        )
    )
    # Last year's evaluation frozen once every app's demo data is in (the portal's are the last, at 995).
    registry.add_data_step(
        DataStep(
            "workplan-snapshot-demo",
            "frozen evaluation of last year",
            "npgov.workplan.demo.freeze_last_year_demo",
            order=998,
            demo_only=True,
        )
    )
