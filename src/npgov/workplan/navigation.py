"""Menu items, the dashboard card and the data step of the work plan."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from npgov.core.registry import DashboardCard, DataStep, NavItem, registry

registry.add_nav(NavItem("workplan", _("Work plans and tasks"), "workplan:plan_list", "list-task", 10))
registry.add_nav(NavItem("workplan", _("Progress requests"), "workplan:request_list", "send", 20))
registry.add_nav(NavItem("workplan", _("Supervision orders"), "workplan:order_list", "exclamation-octagon", 30))
registry.add_nav(NavItem("workplan", _("KPIs"), "workplan:kpi_list", "graph-up", 40))
registry.add_nav(
    NavItem("workplan", _("Antibiotics and pesticides indicators"), "workplan:indicator_list", "clipboard2-pulse", 50)
)


def _load_plans() -> str:
    from npgov.workplan.services.indicators import indicators_load
    from npgov.workplan.services.loading import workplans_load

    return f"{workplans_load()}; indicators {indicators_load()}"


registry.add_data_step(DataStep("workplan", "work plans", _load_plans, order=40))


def _my_tasks_card(user: Any) -> dict[str, Any] | None:
    from npgov.workplan.models import Milestone, ProgressReport, SupervisionOrder

    today = timezone.localdate()
    reports = ProgressReport.objects.restrict(user, "change").filter(submitted_at__isnull=True)
    orders = SupervisionOrder.objects.restrict(user, "view").filter(status="open")
    milestones = Milestone.objects.filter(date__gte=today).select_related("task").order_by("date")
    if user.role == "department":
        milestones = milestones.filter(task__assignments__department=user.department_id)
    return {
        "open_reports": reports.select_related("task", "request")[:10],
        "open_report_count": reports.count(),
        "orders": orders.select_related("task")[:5],
        "milestones": milestones[:5],
        "today": today,
    }


registry.add_card(DashboardCard("workplan", "workplan/cards/my_tasks.html", _my_tasks_card, order=5))
