"""Demo data for the work plan and capacity (``npgov demo`` only): a dispatch with answers, 督办, KPI values."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from npgov.capacity.services import (
    expert_get_or_create,
    lab_get_or_create,
    project_get_or_create,
    training_get_or_create,
)
from npgov.core.models import Department, District, User
from npgov.workplan.models import Kpi, Plan, ProgressRequest, Task
from npgov.workplan.services.kpis import kpi_value_record
from npgov.workplan.services.progress import progress_report_submit, progress_request_issue, supervision_order_issue

DEMO_TITLE = "2026年第三季度新污染物治理工作调度（演示）"


def create_workplan_demo() -> str:
    if ProgressRequest.objects.filter(title=DEMO_TITLE).exists():
        return "already present"
    bureau, agri = User.objects.get(username="bureau"), User.objects.get(username="agri")
    plan = Plan.objects.get(key="dalian-2023")
    today = timezone.localdate()
    tasks = list(Task.objects.filter(key__in=["D-T01", "D-T02", "D-T07", "D-T08"]))
    request = progress_request_issue(
        plan=plan,
        title=DEMO_TITLE,
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        due_date=today - timedelta(days=5),
        tasks=tasks,
        issued_by=bureau,
    )
    for report in request.reports.filter(department__code="dl-ara"):
        progress_report_submit(
            report=report,
            submitted_by=agri,
            status="in_progress",
            percent_done=60,
            text="已开展农药包装废弃物回收网点建设，完成兽用抗菌药减量化示范场遴选。",
        )
    supervision_order_issue(
        task=Task.objects.get(key="D-T02"),
        department=Department.objects.get(code="dl-eeb"),
        deadline=today + timedelta(days=30),
        text="请加快化学物质环境信息统计调查数据审核进度。",
        issued_by=bureau,
    )
    kpi = Kpi.objects.get(plan=plan, key="pesticide-packaging-recovery-rate")
    for code, values in {"210211": (68.0, 76.5), "210213": (72.0, 81.2), "210281": (61.5, 70.3)}.items():
        for period, value in zip((date(2025, 6, 30), date(2025, 12, 31)), values, strict=True):
            kpi_value_record(
                kpi=kpi, district=District.objects.get(code=code), period_end=period, value=value, entered_by=agri
            )
    eeb = Department.objects.get(code="dl-eeb")
    expert_get_or_create(
        name="周教授",
        defaults={"affiliation": "大连理工大学", "fields": "新污染物监测；PFAS", "conflicts": "大连某石化有限公司"},
    )
    lab_get_or_create(name="大连市生态环境监测中心实验室", defaults={"cma_number": "示例-CMA-0001"})
    training_get_or_create(
        title="新污染物环境监测技术培训（演示）",
        defaults={"date": date(2026, 5, 20), "department": eeb, "participants": 120, "hours": 6},
    )
    project_get_or_create(
        title="长兴岛石化园区新污染物治理试点（演示）",
        defaults={
            "kind": "pilot",
            "lead_organisation": "长兴岛经济区管委会",
            "department": eeb,
            "district": District.objects.get(code="210281Z01"),
            "status": "ongoing",
        },
    )
    return f"request with {request.reports.count()} answers expected, 1 supervision order, 6 KPI values"
