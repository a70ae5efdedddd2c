"""Reads of the work plan: the plan's status by department, the yearly evaluation."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, cast

from django.urls import reverse
from django.utils import timezone

from npgov.core.models import User
from npgov.core.registry import registry
from npgov.surveys.choices import SubmissionStatus
from npgov.surveys.selectors import campaign_by_year
from npgov.workplan.choices import KpiScope, ReportStatus
from npgov.workplan.models import EvaluationSnapshot, Kpi, KpiValue, Plan, ProgressReport, SupervisionOrder, Task
from npgov.workplan.services.kpis import kpi_status


@dataclass
class TaskEvaluation:
    task: Task
    status: str  # "done", "in_progress", "not_reported"
    percent: int
    departments_done: list[str] = field(default_factory=list)
    departments_open: list[str] = field(default_factory=list)
    milestones_due: int = 0
    milestones_missed: int = 0


def _latest_reports(plan: Plan, year: int) -> dict[tuple[int, int], ProgressReport]:
    """The latest answer of each (task, department) submitted in the year."""
    latest: dict[tuple[int, int], ProgressReport] = {}
    reports = ProgressReport.objects.filter(task__plan=plan, submitted_at__year=year).select_related("department")
    for report in reports.order_by("submitted_at"):
        latest[(report.task_id, report.department_id)] = report
    return latest


def _evaluate_task(task: Task, latest: dict[tuple[int, int], ProgressReport], year: int) -> TaskEvaluation:
    """A task is done when every assigned department answered "done"; an unanswered department keeps it open."""
    assignments = list(task.assignments.all())
    answers = {a.department_id: latest.get((task.pk, a.department_id)) for a in assignments}
    names = {a.department_id: a.department.short_name_zh or a.department.name_zh for a in assignments}
    done = [names[d] for d, r in answers.items() if r is not None and r.status == ReportStatus.DONE]
    still_open = [names[d] for d, r in answers.items() if r is None or r.status != ReportStatus.DONE]
    answered = [r for r in answers.values() if r is not None]
    if not answered:
        status = "not_reported"
    else:
        status = "done" if not still_open else "in_progress"
    percent = round(sum(r.percent_done for r in answered) / len(assignments)) if assignments else 0
    evaluation = TaskEvaluation(task, status, percent, done, still_open)
    finished = [timezone.localdate(r.submitted_at) for r in answered if r.status == ReportStatus.DONE]
    all_done = max(finished) if len(finished) == len(assignments) and assignments else None
    today = timezone.localdate()
    for milestone in task.milestones.all():
        if milestone.date.year == year:
            evaluation.milestones_due += 1
            if milestone.date < today and (all_done is None or all_done > milestone.date):
                evaluation.milestones_missed += 1
    return evaluation


def plan_evaluation(*, plan: Plan, year: int, user: User | None = None) -> dict[str, Any]:
    """Tasks done / in progress / unreported, milestones missed, KPI attainment and key figures for a year."""
    latest = _latest_reports(plan, year)
    tasks = [
        _evaluate_task(t, latest, year) for t in plan.tasks.prefetch_related("assignments__department", "milestones")
    ]
    totals: dict[str, int] = defaultdict(int)
    for t in tasks:
        totals[t.status] += 1
        totals["milestones_due"] += t.milestones_due
        totals["milestones_missed"] += t.milestones_missed
    kpis = []
    visible = KpiValue.objects.restrict(user, "view") if user is not None else KpiValue.objects.all()
    for kpi in Kpi.objects.filter(plan=plan):
        status = kpi_status(kpi=kpi, values=visible, year=year)
        computed = [s.computed_at for s in status if s.computed_at is not None]
        kpis.append(
            {
                "kpi": kpi,
                "reported": len(status),
                "attained": sum(1 for s in status if s.attained),
                "computed_at": max(computed) if computed else None,
                "status": status,
            }
        )
    figures = []
    for figure in sorted(registry.figures, key=lambda f: f.order):
        if figure.key == SURVEY_FIGURE:
            # the survey figure of this plan's city, counted as the survey pages count it for this user
            figures.append({"label": figure.label, **survey_submissions(plan=plan, year=year, user=user)})
        else:
            figures.append({"label": figure.label, "value": figure.compute(year)})
    orders = SupervisionOrder.objects.filter(task__plan=plan, created_at__year=year)
    return {
        "plan": plan,
        "year": year,
        "tasks": tasks,
        "totals": dict(totals),
        "kpis": kpis,
        "figures": figures,
        "orders_issued": orders.count(),
        "orders_open": orders.filter(status="open").count(),
    }


SURVEY_FIGURE = "survey-submitted"
SURVEY_SUBMITTED = (SubmissionStatus.SUBMITTED, SubmissionStatus.CITY_REVIEW, SubmissionStatus.ACCEPTED)


def survey_submissions(*, plan: Plan, year: int, user: User | None = None) -> dict[str, Any]:
    """Submitted survey reports (submitted, in city review or accepted) of the survey the city carried out in
    the year: the survey of a year collects the figures of the year before (2025年度调查 in 2026).

    The same rows as the survey pages show the user: that campaign of the plan's city, the submissions the
    user may view (``restrict``), in those statuses. ``url``: the campaign's page; ``campaign``: its title.
    """
    campaign = campaign_by_year(year=year - 1, city_code=plan.city.code)
    if campaign is None:
        return {"value": None, "url": None, "campaign": None}
    submissions = campaign.submissions.restrict(user, "view") if user is not None else campaign.submissions.all()
    return {
        "value": submissions.filter(status__in=SURVEY_SUBMITTED).count(),
        "url": reverse("surveys:campaign_detail", args=[campaign.pk]),
        "campaign": campaign.title,
    }


def plan_status_by_department(*, plan: Plan) -> list[dict[str, Any]]:
    """For the bureau's overview: per department, tasks led and shared, open answers, open supervision orders."""
    rows: dict[int, dict[str, Any]] = {}
    for task in plan.tasks.prefetch_related("assignments__department"):
        for assignment in task.assignments.all():
            row = rows.setdefault(assignment.department_id, {"department": assignment.department, "lead": 0, "co": 0})
            row[assignment.role] += 1
    open_reports = ProgressReport.objects.filter(task__plan=plan, submitted_at__isnull=True)
    open_orders = SupervisionOrder.objects.filter(task__plan=plan, status="open")
    for row in rows.values():
        row["open_reports"] = open_reports.filter(department=row["department"]).count()
        row["overdue_reports"] = open_reports.filter(
            department=row["department"], request__due_date__lt=timezone.localdate()
        ).count()
        row["open_orders"] = open_orders.filter(department=row["department"]).count()
    return sorted(rows.values(), key=lambda r: (-r["lead"], r["department"].code))


# --- public reads: the work plan's progress on the public portal ------------------------------------------------
# The bureau chooses how much the portal shows (the plan's overall progress, each task's, the KPIs); the figures
# are those of the yearly evaluation (``_evaluate_task``), never a department's written answer or an order's text.


def public_progress(*, year: int, with_tasks: bool = False, with_kpis: bool = False) -> list[dict[str, Any]]:
    """Per plan: tasks done / in progress / not reported and the mean percent done in ``year``; with ``with_tasks``
    each task's status and percent; with ``with_kpis`` each KPI's latest value per district (or the city)."""
    plans = list(Plan.objects.select_related("city").order_by("city__code", "key"))
    latest: dict[tuple[int, int], ProgressReport] = {}
    reports = ProgressReport.objects.filter(task__plan__in=plans, submitted_at__year=year).order_by("submitted_at")
    for report in reports.only("pk", "task_id", "department_id", "status", "percent_done", "submitted_at"):
        latest[(report.task_id, cast(int, report.department_id))] = report
    tasks = Task.objects.filter(plan__in=plans).prefetch_related("assignments__department", "milestones")
    evaluations: dict[int, list[TaskEvaluation]] = defaultdict(list)
    for task in tasks.order_by("plan", "position"):
        evaluations[task.plan_id].append(_evaluate_task(task, latest, year))
    kpis: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if with_kpis:
        plan_city = {plan.pk: plan.city_id for plan in plans}
        kpi_rows = {kpi.pk: kpi for kpi in Kpi.objects.filter(plan__in=plans).order_by("plan", "pk")}
        newest: dict[tuple[int, int], KpiValue] = {}
        values = KpiValue.objects.filter(kpi__in=list(kpi_rows), period_end__year__lte=year).select_related("district")
        for value in values.order_by("period_end", "pk"):
            newest[(value.kpi_id, value.district_id)] = value
        for kpi in kpi_rows.values():
            city_id = plan_city[kpi.plan_id]
            rows = [
                {"district": v.district.name_zh, "value": v.value, "period_end": v.period_end,
                 "attained": kpi.attained(v.value)}
                for (kpi_id, district_id), v in sorted(newest.items(), key=lambda item: item[1].district.code)
                if kpi_id == kpi.pk and (district_id == city_id) == (kpi.scope_level == KpiScope.CITY)
            ]  # fmt: skip
            kpis[kpi.plan_id].append({"kpi": kpi, "values": rows, "attained": sum(1 for r in rows if r["attained"])})
    out = []
    for plan in plans:
        evaluated = evaluations.get(plan.pk, [])
        counts = {status: sum(1 for e in evaluated if e.status == status) for status in PUBLIC_TASK_STATUSES}
        percent = round(sum(e.percent for e in evaluated) / len(evaluated)) if evaluated else 0
        out.append({
            "plan": plan, "year": year, "tasks_total": len(evaluated), "counts": counts, "percent": percent,
            "tasks": evaluated if with_tasks else [], "kpis": kpis.get(plan.pk, []) if with_kpis else [],
        })  # fmt: skip
    return out


PUBLIC_TASK_STATUSES = ("done", "in_progress", "not_reported")


# --- frozen evaluations ------------------------------------------------------------------------------------------


def evaluation_snapshot(*, plan: Plan, year: int) -> EvaluationSnapshot | None:
    """The plan's frozen evaluation of ``year``, if the year was frozen."""
    return EvaluationSnapshot.objects.filter(plan=plan, year=year).first()


def evaluation_snapshot_years(*, plan: Plan) -> list[int]:
    """The years of the plan whose evaluation is frozen, newest first."""
    return list(EvaluationSnapshot.objects.filter(plan=plan).order_by("-year").values_list("year", flat=True))
