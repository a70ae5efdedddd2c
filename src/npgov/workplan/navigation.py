"""Menu items, the dashboard card and the data step of the work plan."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from npgov.core.models import User
from npgov.core.registry import DashboardCard, DataStep, NavItem, registry
from npgov.workplan.models import Kpi, Milestone, Plan, ProgressReport, SupervisionOrder
from npgov.workplan.services.indicators import indicators_load
from npgov.workplan.services.kpis import kpi_status
from npgov.workplan.services.loading import workplans_load


def _load_plans() -> str:
    return f"{workplans_load()}; indicators {indicators_load()}"


def _my_tasks_card(user: User) -> dict[str, Any] | None:
    """What is due from the user: answers to give, supervision orders, next milestones, and their KPIs."""
    today = timezone.localdate()
    reports = ProgressReport.objects.restrict(user, "change").filter(submitted_at__isnull=True)
    orders = SupervisionOrder.objects.restrict(user, "change").filter(status="open")
    milestones = Milestone.objects.filter(date__gte=today).select_related("task").order_by("date")
    kpis = Kpi.objects.select_related("plan")
    if user.role == "department":
        milestones = milestones.filter(task__assignments__department=user.department_id)
        kpis = kpis.filter(task__assignments__department=user.department_id)
    elif user.role == "district":
        district_ids = set(user.district_scope_ids())
        kpis = kpis.filter(plan__city__children__in=district_ids).distinct()
    elif user.role not in ("sysadmin", "bureau") and not user.is_superuser:
        return None  # enterprises and experts have no part in the work plan
    kpi_rows = []
    for kpi in kpis[:6]:
        status = kpi_status(kpi=kpi)
        if user.role == "district":
            status = [s for s in status if s.district.pk in district_ids]
        kpi_rows.append({"kpi": kpi, "reported": len(status), "attained": sum(1 for s in status if s.attained)})
    plans = []
    if user.is_superuser or user.role in ("sysadmin", "bureau"):
        plans = list(Plan.objects.select_related("city"))
    return {
        "plans": plans,
        "open_reports": reports.select_related("task", "request")[:10],
        "open_report_count": reports.count(),
        "orders": orders.select_related("task")[:5],
        "milestones": milestones[:5],
        "today": today,
        "kpis": kpi_rows,
    }


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
    registry.add_card(DashboardCard("workplan", "workplan/cards/my_tasks.html", _my_tasks_card, order=5))
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
