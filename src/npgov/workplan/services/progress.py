"""Progress dispatch (调度), answers, supervision orders (督办) and circulars (通报)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.core.choices import Role
from npgov.core.exceptions import ApplicationError
from npgov.core.models import Department, District, User
from npgov.core.signals import emit
from npgov.workplan.choices import OrderStatus, ReportStatus
from npgov.workplan.models import Circular, Plan, ProgressReport, ProgressRequest, SupervisionOrder, Task


@transaction.atomic
def progress_request_issue(
    *,
    plan: Plan,
    title: str,
    period_start: date,
    period_end: date,
    due_date: date,
    tasks: list[Task],
    issued_by: User,
    note: str = "",
    include_districts: bool = False,
) -> ProgressRequest:
    """Ask every department assigned to the given tasks for an answer, and, when asked, every district
    of the city for the tasks that carry local responsibility. Writes the request and empty reports."""
    if period_end < period_start:
        raise ApplicationError(_("The period ends before it starts."))
    if due_date < period_start:
        raise ApplicationError(_("Answers cannot be due before the period starts."))
    if not tasks:
        raise ApplicationError(_("Choose at least one task."))
    if any(task.plan_id != plan.pk for task in tasks):
        raise ApplicationError(_("Every task must belong to the chosen plan."))
    request = ProgressRequest(
        plan=plan,
        title=title,
        period_start=period_start,
        period_end=period_end,
        due_date=due_date,
        issued_by=issued_by,
        note=note,
    )
    request.full_clean()
    request.save()
    reports = [
        ProgressReport(request=request, task=task, department=assignment.department)
        for task in tasks
        for assignment in task.assignments.select_related("department")
    ]
    if include_districts:
        districts = list(District.objects.filter(parent=plan.city).order_by("code"))
        reports += [
            ProgressReport(request=request, task=task, district=district)
            for task in tasks
            if task.district_responsibility
            for district in districts
        ]
    for report in reports:  # one by one: each report keeps its own history
        report.save()
    asked = User.objects.filter(is_active=True).filter(
        Q(role=Role.DEPARTMENT, department__in={r.department_id for r in reports if r.department_id})
        | Q(role=Role.DISTRICT, district__in={r.district_id for r in reports if r.district_id})
    )
    emit("dispatch_received", key=f"workplan.progressrequest:{request.pk}",
         recipients=tuple(asked.values_list("pk", flat=True)), title=request.title,
         url=request.get_absolute_url(), due=request.due_date, note=note, actor=issued_by)  # fmt: skip
    return request


@transaction.atomic
def progress_report_submit(
    *,
    report: ProgressReport,
    submitted_by: User,
    status: str,
    percent_done: int,
    text: str,
    evidence: UploadedFile | None = None,
) -> ProgressReport:
    """Record a department's answer. A task reported done is 100 % done, and 100 % done is done."""
    if not 0 <= percent_done <= 100:
        raise ApplicationError(_("Percent done is between 0 and 100."))
    if (status == ReportStatus.DONE) != (percent_done == 100):
        raise ApplicationError(_("A task is done exactly when it is 100 percent done."))
    if not text.strip():
        raise ApplicationError(_("Describe the progress."))
    report.status, report.percent_done, report.text = status, percent_done, text.strip()
    if evidence:
        report.evidence = evidence
    if report.submitted_at is None:  # a correction keeps the first submission's time (history keeps the rest)
        report.submitted_at = timezone.now()
    report.submitted_by = submitted_by
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def supervision_order_issue(
    *, task: Task, department: Department, deadline: date, text: str, issued_by: User
) -> SupervisionOrder:
    """Issue a supervision order on a task to one of its departments."""
    if not task.assignments.filter(department=department).exists():
        raise ApplicationError(_("%(department)s is not responsible for this task.") % {"department": department})
    if deadline < timezone.localdate():
        raise ApplicationError(_("The deadline is in the past."))
    order = SupervisionOrder(task=task, department=department, deadline=deadline, text=text, issued_by=issued_by)
    order.full_clean()
    order.save()
    emit("supervision_order_issued", key=f"workplan.supervisionorder:{order.pk}",
         recipients=tuple(User.objects.filter(is_active=True, role=Role.DEPARTMENT, department=department)
                          .values_list("pk", flat=True)),
         title=str(task), url=order.get_absolute_url(), due=deadline, note=text, actor=issued_by)  # fmt: skip
    return order


@transaction.atomic
def supervision_order_close(*, order: SupervisionOrder, response: str) -> SupervisionOrder:
    if order.status == OrderStatus.CLOSED:
        raise ApplicationError(_("This order is already closed."))
    order.status, order.response = OrderStatus.CLOSED, response
    order.save(update_fields=["status", "response", "updated_at"])
    return order


def circular_rows(*, request: ProgressRequest) -> list[dict[str, Any]]:
    """Per department and per district: tasks asked, answered on time, late, unanswered, mean % done."""
    rows: dict[tuple[str, int], dict[str, Any]] = {}
    for report in request.reports.select_related("department", "district", "request"):
        kind = "department" if report.department_id else "district"
        answerer = report.answerer
        row = rows.setdefault(
            (kind, answerer.pk),
            {
                "kind": kind,
                "department": answerer.name_zh,
                "asked": 0,
                "on_time": 0,
                "late": 0,
                "missing": 0,
                "percent": 0,
            },
        )
        row["asked"] += 1
        row["percent"] += report.percent_done
        if report.submitted_at is None:
            row["missing"] += 1
        elif report.late:
            row["late"] += 1
        else:
            row["on_time"] += 1
    for row in rows.values():
        row["percent"] = round(row["percent"] / row["asked"])
    return sorted(rows.values(), key=lambda r: (r["kind"], -r["missing"], -r["late"], r["department"]))


@transaction.atomic
def circular_issue(*, request: ProgressRequest, title: str, summary: str, issued_by: User) -> Circular:
    """Freeze the status of a progress request by department into a circular."""
    circular = Circular(
        request=request, title=title, summary=summary, rows=circular_rows(request=request), issued_by=issued_by
    )
    circular.full_clean()
    circular.save()
    return circular
