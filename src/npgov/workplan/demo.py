"""Demo data for the work plan and capacity (``npgov demo`` only): dispatches, 督办, KPI values, indicator figures.

Dates are relative to the day the demo is loaded, so that every login finds current work: the
agriculture department (demo login ``agri``) and the Ganjingzi district (``district``) owe answers to
this quarter's dispatch, due in five days; agriculture has a supervision order due within a week and
indicator figures to enter for the current half year (last period's are in); last quarter's dispatch
is overdue for some departments, which the bureau sees.
"""

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
from npgov.workplan.models import Indicator, Kpi, Plan, ProgressReport, ProgressRequest, Task
from npgov.workplan.selectors import evaluation_snapshot
from npgov.workplan.services.indicators import indicator_record_save
from npgov.workplan.services.kpis import kpi_value_record
from npgov.workplan.services.progress import progress_report_submit, progress_request_issue, supervision_order_issue
from npgov.workplan.services.snapshots import snapshot_freeze
from npgov.workplan.workspace import indicator_period

DEMO_MARK = "新污染物治理工作调度（演示）"
DUE_IN_DAYS = 5  # this quarter's answers: within the reminders' week
ORDER_DUE_IN_DAYS = 6
DEMO_TASKS = ["D-T01", "D-T02", "D-T07", "D-T08"]
AGRI_FIGURES = {
    "pesticide-packaging": {"used_t": 420, "collected_t": 351, "treated_t": 340, "villages_total": 120,
                            "villages_covered": 97},
    "veterinary-antimicrobial-reduction": {"farms_total": 86, "farms_acting": 52, "prescription_sales_checked": 34},
    "aquaculture-residue-monitoring": {"samples_tested": 60, "samples_exceeding": 1},
    "high-risk-pesticide-phase-out": {"products_listed": 12, "products_phased_out": 9, "inspections": 41,
                                      "illegal_cases": 2},
}  # fmt: skip


def quarter_of(day: date) -> tuple[int, date, date]:
    """The quarter (1–4) holding ``day``, its first and its last day."""
    quarter = (day.month - 1) // 3 + 1
    start = date(day.year, 3 * quarter - 2, 1)
    following = date(day.year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return quarter, start, following - timedelta(days=1)


def half_year_ends(before: date, count: int) -> list[date]:
    """The last ``count`` half-year ends (30 June, 31 December) before ``before``, oldest first."""
    ends: list[date] = []
    year = before.year
    while len(ends) < count:
        for end in (date(year, 12, 31), date(year, 6, 30)):
            if end < before and len(ends) < count:
                ends.append(end)
        year -= 1
    return sorted(ends)


def create_workplan_demo() -> str:
    if ProgressRequest.objects.filter(title__endswith=DEMO_MARK).exists():
        return "already present"
    admin, bureau = User.objects.get(username="admin"), User.objects.get(username="bureau")
    agri = User.objects.get(username="agri")
    plan = Plan.objects.get(key="dalian-2023")
    today = timezone.localdate()
    tasks = list(Task.objects.filter(plan=plan, key__in=DEMO_TASKS))
    quarter, start, end = quarter_of(today)
    last_quarter, last_start, last_end = quarter_of(start - timedelta(days=1))

    # Last quarter's dispatch: agriculture answered, two departments did not (overdue, on the bureau's desk).
    previous = progress_request_issue(
        plan=plan, title=f"{last_start.year}年第{last_quarter}季度{DEMO_MARK}", period_start=last_start,
        period_end=last_end, due_date=last_end + timedelta(days=10), tasks=tasks, issued_by=bureau,
    )  # fmt: skip
    others = set(previous.reports.exclude(department__code="dl-ara").values_list("department__code", flat=True))
    late = set(sorted(others)[:2])
    for report in previous.reports.select_related("department"):
        if report.department is None or report.department.code in late:
            continue
        progress_report_submit(report=report, submitted_by=agri if report.department.code == "dl-ara" else admin,
                               status="in_progress", percent_done=60,
                               text="已开展农药包装废弃物回收网点建设，完成兽用抗菌药减量化示范场遴选。")  # fmt: skip
    # This quarter's dispatch, to the departments and the districts: agriculture and Ganjingzi owe their answers.
    current = progress_request_issue(
        plan=plan, title=f"{start.year}年第{quarter}季度{DEMO_MARK}", period_start=start, period_end=end,
        due_date=today + timedelta(days=DUE_IN_DAYS), tasks=tasks, issued_by=bureau, include_districts=True,
    )  # fmt: skip
    answered = 0
    for report in current.reports.filter(department__isnull=False).exclude(department__code="dl-ara")[:3]:
        progress_report_submit(report=report, submitted_by=admin, status="in_progress", percent_done=40,
                               text="按计划推进，本季度完成阶段性任务。")  # fmt: skip
        answered += 1

    ara, eeb = Department.objects.get(code="dl-ara"), Department.objects.get(code="dl-eeb")
    agri_task = next((t for t in tasks if t.assignments.filter(department=ara).exists()), None)
    orders = 0
    if agri_task is not None:
        supervision_order_issue(
            task=agri_task, department=ara, deadline=today + timedelta(days=ORDER_DUE_IN_DAYS), issued_by=bureau,
            text="请于期限内报送农药包装废弃物回收和兽用抗菌药减量化工作进展及佐证材料。",
        )  # fmt: skip
        orders += 1
    supervision_order_issue(
        task=Task.objects.get(plan=plan, key="D-T02"), department=eeb, deadline=today + timedelta(days=30),
        text="请加快化学物质环境信息统计调查数据审核进度。", issued_by=bureau,
    )  # fmt: skip
    orders += 1

    kpi = Kpi.objects.get(plan=plan, key="pesticide-packaging-recovery-rate")
    periods = half_year_ends(today, 2)
    for code, values in {"210211": (68.0, 76.5), "210213": (72.0, 81.2), "210281": (61.5, 70.3)}.items():
        for period, value in zip(periods, values, strict=True):
            kpi_value_record(
                kpi=kpi, district=District.objects.get(code=code), period_end=period, value=value, entered_by=agri
            )
    records = _indicator_records(agri, ara, today)

    expert_get_or_create(
        name="周教授",
        defaults={"affiliation": "大连理工大学", "fields": "新污染物监测；PFAS", "conflicts": "大连某石化有限公司"},
    )
    lab_get_or_create(name="大连市生态环境监测中心实验室", defaults={"cma_number": "示例-CMA-0001"})
    training_get_or_create(
        title="新污染物环境监测技术培训（演示）",
        defaults={"date": today - timedelta(days=40), "department": eeb, "participants": 120, "hours": 6},
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
    waiting = ProgressReport.objects.filter(request=current, submitted_at__isnull=True).count()
    return (f"2 dispatches ({waiting} answers awaited this quarter, {answered} given), {orders} supervision orders, "
            f"{len(periods) * 3} KPI values, {records} indicator records")  # fmt: skip


def _indicator_records(agri: User, ara: Department, today: date) -> int:
    """Agriculture's figures for the last period, and for one indicator of the current one (the rest are due)."""
    current, _due = indicator_period(today)
    previous = half_year_ends(current, 1)[0]
    districts = list(District.objects.filter(code__in=["210211", "210213", "210281"]).order_by("code"))
    saved = 0
    for key, figures in AGRI_FIGURES.items():
        indicator = Indicator.objects.filter(key=key).first()
        if indicator is None or not indicator.reported_by(ara):
            continue
        periods = [previous, current] if key == "pesticide-packaging" else [previous]
        for period in periods:
            for n, district in enumerate(districts):
                scaled = {k: (v - n if isinstance(v, int) and v > n else v) for k, v in figures.items()}
                indicator_record_save(indicator=indicator, district=district, period_end=period, raw=scaled,
                                      department=ara, entered_by=agri)  # fmt: skip
                saved += 1
    return saved


def freeze_last_year_demo() -> str:
    """Freeze last year's evaluation of the Dalian plan (after every app's demo data), as the bureau would."""
    plan = Plan.objects.get(key="dalian-2023")
    year = timezone.localdate().year - 1
    if evaluation_snapshot(plan=plan, year=year) is not None:
        return "already present"
    snapshot = snapshot_freeze(plan=plan, year=year, user=User.objects.get(username="bureau"))
    return f"evaluation {year} frozen, digest {snapshot.digest[:12]}"
