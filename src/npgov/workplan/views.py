"""Pages of the work plan: plans and tasks, progress dispatch and answers, supervision, circulars, KPIs."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Prefetch, QuerySet
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from npgov.core.attachments import attachment_response
from npgov.core.choices import ALL_ACCESS_ROLES, Role
from npgov.core.exceptions import ApplicationError
from npgov.core.exports import XLSX_TYPE, xlsx_response
from npgov.core.models import District, User
from npgov.core.permissions import can
from npgov.core.registry import registry
from npgov.core.services.jobs import job_enqueue
from npgov.core.types import SignedInRequest
from npgov.core.views import generic
from npgov.workplan import filtersets, forms, selectors, tables
from npgov.workplan.figures import evaluation_workbook, figures_from_report, report_sections, summary_rows
from npgov.workplan.models import (
    Circular,
    Indicator,
    IndicatorRecord,
    Kpi,
    KpiValue,
    Plan,
    ProgressReport,
    ProgressRequest,
    SupervisionOrder,
    Task,
    TaskAssignment,
)
from npgov.workplan.permissions import is_official
from npgov.workplan.services import indicators, kpis, progress, snapshots
from npgov.workplan.tasks import kpis_compute_task


def _require_all_access(request: SignedInRequest) -> None:
    if not (request.user.is_superuser or request.user.role in ALL_ACCESS_ROLES):
        raise PermissionDenied


_is_official = is_official  # the pages' name for it (links: core.templatetags.access)


def _require_official(request: SignedInRequest) -> None:
    if not _is_official(request.user):
        raise PermissionDenied


class PlanListView(generic.ObjectListView):
    queryset = Plan.objects.select_related("city").annotate(task_count=Count("tasks"))
    filterset_class = filtersets.PlanFilterSet
    table_class = tables.PlanTable
    url_prefix = "workplan:plan"
    export_name = "work-plans"
    help_text = gettext_lazy("The city's work plans as issued: every task and safeguard with its departments.")


class PlanDetailView(generic.ObjectDetailView):
    queryset = Plan.objects.select_related("city")
    url_prefix = "workplan:plan"
    template_name = "workplan/plan_detail.html"
    fields = ("title_zh", "city", "document_number", "issued", "source", "note")

    def extra_context(self, obj: Plan) -> dict[str, Any]:
        assignments = Prefetch("assignments", queryset=TaskAssignment.objects.select_related("department"))
        return {
            "tasks": obj.tasks.prefetch_related(assignments, "milestones", "kpis"),
            "kpis": obj.kpis.all(),
            "by_department": selectors.plan_status_by_department(plan=obj) if _is_official(self.request.user) else None,
            "year": timezone.localdate().year,
        }


class TaskDetailView(generic.ObjectDetailView):
    queryset = Task.objects.select_related("plan")
    url_prefix = "workplan:task"
    list_url_name = "workplan:plan_list"
    template_name = "workplan/task_detail.html"
    fields = (
        "number",
        "title_zh",
        "kind",
        "section_title",
        "group_zh",
        "responsibility_text_zh",
        "open_ended",
        "district_responsibility",
    )

    def extra_context(self, obj: Task) -> dict[str, Any]:
        user = self.request.user
        return {
            "assignments": obj.assignments.select_related("department"),
            "milestones": obj.milestones.all(),
            "kpis": obj.kpis.all(),
            "reports": ProgressReport.objects.restrict(user, "view")
            .filter(task=obj)
            .select_related("request", "department"),
            "orders": SupervisionOrder.objects.restrict(user, "view").filter(task=obj).select_related("department"),
        }


class ProgressRequestListView(generic.ObjectListView):
    queryset = ProgressRequest.objects.select_related("plan", "issued_by")
    filterset_class = filtersets.ProgressRequestFilterSet
    table_class = tables.ProgressRequestTable
    url_prefix = "workplan:request"
    export_name = "progress-requests"
    help_text = gettext_lazy("Progress dispatches: the bureau asks the responsible departments to report by a date.")


def request_add(request: SignedInRequest) -> HttpResponse:
    _require_all_access(request)
    form = forms.ProgressRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dispatched = progress.progress_request_issue(issued_by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Progress request sent: %(n)s answers expected.") % {"n": dispatched.reports.count()}
            )
            return redirect(dispatched.get_absolute_url())
    return render(request, "workplan/form.html", {"form": form, "title": _("New progress request")})


def request_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    dispatched = generic.object_or_404(ProgressRequest.objects.select_related("plan"), request.user, "view", pk)
    reports = ProgressReport.objects.restrict(request.user, "view").filter(request=dispatched)
    reports = reports.select_related("task", "department", "district", "request", "submitted_by")
    editable = set(
        ProgressReport.objects.restrict(request.user, "change").filter(request=dispatched).values_list("pk", flat=True)
    )
    return render(
        request,
        "workplan/request_detail.html",
        {
            "object": dispatched,
            "reports": reports,
            "rows": progress.circular_rows(request=dispatched),
            "editable": editable,
            "may_manage": request.user.is_superuser or request.user.role in ALL_ACCESS_ROLES,
            "circular_form": forms.CircularForm(
                initial={"title": _("Circular: %(title)s") % {"title": dispatched.title}}
            ),
            "circulars": dispatched.circulars.all(),
        },
    )


def report_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    """A department answers for one task: status, % done, text, evidence."""
    report = generic.object_or_404(
        ProgressReport.objects.select_related("task", "request", "department"), request.user, "change", pk
    )
    initial = {"status": report.status, "percent_done": report.percent_done, "text": report.text}
    form = forms.ProgressReportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            progress.progress_report_submit(report=report, submitted_by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Progress reported."))
            return redirect(report.request.get_absolute_url())
    return render(request, "workplan/report_edit.html", {"form": form, "report": report})


def report_evidence(request: SignedInRequest, pk: int) -> HttpResponseBase:
    """The evidence file of an answer, as a download, to those who may see the answer (never from /media/)."""
    report = generic.object_or_404(ProgressReport.objects.all(), request.user, "view", pk)
    if not report.evidence:
        raise Http404
    try:
        return attachment_response(report.evidence, download_name=report.evidence.name)
    except FileNotFoundError as exc:
        raise Http404 from exc


class SupervisionOrderListView(generic.ObjectListView):
    queryset = SupervisionOrder.objects.select_related("task", "department", "issued_by")
    filterset_class = filtersets.SupervisionOrderFilterSet
    table_class = tables.SupervisionOrderTable
    url_prefix = "workplan:order"
    export_name = "supervision-orders"
    help_text = gettext_lazy("Supervision orders (督办) on tasks, with their deadlines and responses.")


def order_add(request: SignedInRequest) -> HttpResponse:
    _require_all_access(request)
    form = forms.SupervisionOrderForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            order = progress.supervision_order_issue(issued_by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Supervision order issued."))
            return redirect(order.get_absolute_url())
    return render(request, "workplan/form.html", {"form": form, "title": _("New supervision order")})


# The list page shows its "add" button only to those the page opens for (core.context_processors.url_may_open).
order_add.may_open = lambda user: user.is_superuser or user.role in ALL_ACCESS_ROLES  # type: ignore[attr-defined]


def order_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    order = generic.object_or_404(
        SupervisionOrder.objects.select_related("task", "department"), request.user, "view", pk
    )
    may_close = SupervisionOrder.objects.restrict(request.user, "change").filter(pk=order.pk).exists()
    form = forms.OrderCloseForm(request.POST or None)
    if request.method == "POST":
        if not may_close:
            raise PermissionDenied
        if form.is_valid():
            try:
                progress.supervision_order_close(order=order, response=form.cleaned_data["response"])
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Order closed."))
                return redirect(order.get_absolute_url())
    return render(request, "workplan/order_detail.html", {"object": order, "form": form, "may_close": may_close})


def circular_add(request: SignedInRequest, pk: int) -> HttpResponse:
    _require_all_access(request)
    dispatched = generic.object_or_404(ProgressRequest.objects.all(), request.user, "view", pk)
    form = forms.CircularForm(request.POST)
    if request.method != "POST" or not form.is_valid():
        messages.error(request, _("A circular needs a title."))
        return redirect(dispatched.get_absolute_url())
    circular = progress.circular_issue(request=dispatched, issued_by=request.user, **form.cleaned_data)
    return redirect(circular.get_absolute_url())


def circular_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    circular = generic.object_or_404(Circular.objects.select_related("request__plan"), request.user, "view", pk)
    if request.GET.get("export") == "xlsx":
        header = [
            _("department"),
            _("tasks asked"),
            _("answered on time"),
            _("answered late"),
            _("unanswered"),
            _("mean percent done"),
        ]
        rows = [
            [r["department"], r["asked"], r["on_time"], r["late"], r["missing"], r["percent"]] for r in circular.rows
        ]
        return xlsx_response([(_("circular"), [header, *rows])], f"circular-{circular.pk}")
    return render(request, "workplan/circular_detail.html", {"object": circular})


class KpiListView(generic.ObjectListView):
    queryset = Kpi.objects.select_related("plan")
    filterset_class = filtersets.KpiFilterSet
    table_class = tables.KpiTable
    url_prefix = "workplan:kpi"
    export_name = "kpis"
    help_text = gettext_lazy("Numeric targets of the plans, with values by district and period.")


def _value_districts(user: User, kpi: Kpi) -> QuerySet[District]:
    """The districts a user may enter values for: their own (districts) or all of the plan's city."""
    city_ids = [kpi.plan.city_id, *District.objects.filter(parent=kpi.plan.city).values_list("pk", flat=True)]
    districts = District.objects.filter(pk__in=city_ids)
    if user.role == Role.DISTRICT:
        return districts.filter(pk__in=user.district_scope_ids())
    return districts


def _may_enter_values(user: User, kpi: Kpi) -> bool:
    """All-access roles and districts may; a department only for the KPIs of its own tasks; nobody for computed KPIs."""
    if kpi.calculator or not can(user, KpiValue, "add"):
        return False
    if user.is_superuser or user.role in ALL_ACCESS_ROLES or user.role == Role.DISTRICT:
        return True
    return bool(kpi.task and kpi.task.assignments.filter(department=user.department_id).exists())


KPI_VALUES_SHOWN = 60  # the latest values in the table; the chart shows them all


def kpi_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    kpi = generic.object_or_404(Kpi.objects.select_related("plan__city", "task"), request.user, "view", pk)
    user = request.user
    may_enter = _may_enter_values(user, kpi)
    if request.method == "POST" and request.POST.get("action") == "compute":
        # A background job with progress: the calculators may read much data (surveys, monitoring, findings).
        _require_all_access(request)
        job = job_enqueue(
            task=kpis_compute_task,
            name=_("Recompute KPIs: %(plan)s") % {"plan": kpi.plan},
            user=user,
            params={"plan": kpi.plan_id, "url": kpi.get_absolute_url()},
            target=kpi,
        )
        return redirect(job.get_absolute_url())
    visible_values = KpiValue.objects.restrict(user, "view").filter(kpi=kpi)
    form = forms.KpiValueForm(request.POST or None, districts=_value_districts(user, kpi))
    if request.method == "POST":
        if not may_enter:
            raise PermissionDenied
        if form.is_valid():
            try:
                kpis.kpi_value_record(kpi=kpi, entered_by=user, **form.cleaned_data)
            except (ApplicationError, PermissionDenied) as exc:
                form.add_error(None, getattr(exc, "message", str(exc)))
            else:
                messages.success(request, _("Value recorded."))
                return redirect(kpi.get_absolute_url())
    return render(
        request,
        "workplan/kpi_detail.html",
        {
            "object": kpi,
            "status": kpis.kpi_status(kpi=kpi, values=visible_values),
            "chart": json.dumps(kpis.kpi_series(kpi=kpi, values=visible_values), ensure_ascii=False),
            "calculator": registry.calculators.get(kpi.calculator) if kpi.calculator else None,
            "last_computed": visible_values.aggregate(at=Max("computed_at"))["at"],
            "may_manage": user.is_superuser or user.role in ALL_ACCESS_ROLES,
            "form": form if may_enter else None,
            "values": visible_values.select_related("district", "entered_by").order_by("-period_end", "district__code")[
                :KPI_VALUES_SHOWN
            ],
        },
    )


class IndicatorListView(generic.ObjectListView):
    queryset = Indicator.objects.annotate(record_count=Count("records"))
    table_class = tables.IndicatorTable
    url_prefix = "workplan:indicator"
    export_name = "indicators"
    help_text = gettext_lazy("Figures the departments report for the antibiotics and pesticides tasks; some feed KPIs.")


def indicator_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    indicator = generic.object_or_404(Indicator.objects.all(), request.user, "view", pk)
    user = request.user
    # Figures are entered by a department user whose department reports this indicator.
    reporting = user.department if user.role == Role.DEPARTMENT and indicator.reported_by(user.department) else None
    may_enter = reporting is not None
    districts = District.objects.filter(kind__in=["city", "district", "county", "county-level city", "zone"])
    if reporting is not None:
        city = reporting.city
        districts = districts.filter(pk__in=[city.pk, *city.children.values_list("pk", flat=True)])
    form = forms.indicator_record_form(indicator, districts, request.POST or None)
    if request.method == "POST":
        if reporting is None:
            raise PermissionDenied
        if form.is_valid():
            raw = {k[2:]: v for k, v in form.cleaned_data.items() if k.startswith("f_")}
            try:
                indicators.indicator_record_save(
                    indicator=indicator,
                    district=form.cleaned_data["district"],
                    period_end=form.cleaned_data["period_end"],
                    raw=raw,
                    department=reporting,
                    entered_by=user,
                    note=form.cleaned_data["note"],
                )
            except ApplicationError as exc:
                for key, message in exc.extra.get("fields", {}).items():
                    form.add_error(f"f_{key}", message)
                if not exc.extra.get("fields"):
                    form.add_error(None, exc.message)
            else:
                messages.success(request, _("Figures saved."))
                return redirect(indicator.get_absolute_url())
    records = IndicatorRecord.objects.restrict(user, "view").filter(indicator=indicator)
    return render(
        request,
        "workplan/indicator_detail.html",
        {
            "object": indicator,
            "records": records.select_related("district", "department", "entered_by"),
            "form": form if may_enter else None,
        },
    )


def _year_param(raw: str | None) -> int | None:
    raw = raw or ""
    valid = raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100
    return int(raw) if valid else None


def _is_all_access(user: Any) -> bool:
    return isinstance(user, User) and (user.is_superuser or user.role in ALL_ACCESS_ROLES)


def _workbook_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def plan_evaluation(request: SignedInRequest, pk: int) -> HttpResponse:
    """The yearly evaluation of a plan (综合评估): printable, and as Excel; a frozen year renders from its snapshot."""
    plan = generic.object_or_404(Plan.objects.select_related("city"), request.user, "view", pk)
    _require_official(request)
    today = timezone.localdate()
    year = _year_param(request.GET.get("year")) or today.year
    snapshot = selectors.evaluation_snapshot(plan=plan, year=year)
    report = None if snapshot else selectors.plan_evaluation(plan=plan, year=year, user=request.user)
    figures = snapshot.figures if snapshot else figures_from_report(plan=plan, year=year, report=report or {})[0]
    if request.GET.get("export") == "xlsx":
        data = evaluation_workbook(figures, at=snapshot.frozen_at if snapshot else None)
        return _workbook_response(data, f"evaluation-{plan.key}-{year}")
    frozen_years = selectors.evaluation_snapshot_years(plan=plan)
    compare_from = year if snapshot and year < today.year else next((y for y in frozen_years if y < year), None)
    context = {
        "plan": plan, "year": year, "report": report, "figures": figures, "snapshot": snapshot,
        "summary": summary_rows(figures), "sections": report_sections(figures), "frozen_years": frozen_years,
        "years": range(2023, max(year, today.year) + 2),
        "may_freeze": snapshot is None and year <= today.year and _is_all_access(request.user),
        "compare_from": compare_from, "compare_to": today.year if compare_from == year else year,
    }  # fmt: skip
    return render(request, "workplan/evaluation.html", context)


plan_evaluation.may_open = _is_official  # type: ignore[attr-defined]  # links: core.templatetags.access


def plan_evaluation_freeze(request: SignedInRequest, pk: int) -> HttpResponse:
    """The bureau freezes a year's evaluation (POST); the evaluation page shows the result."""
    _require_all_access(request)
    plan = generic.object_or_404(Plan.objects.all(), request.user, "view", pk)
    year = _year_param(request.POST.get("year") or request.GET.get("year")) or timezone.localdate().year
    if request.method == "POST":
        try:
            snapshot = snapshots.snapshot_freeze(plan=plan, year=year, user=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("The evaluation of %(year)s is frozen (digest %(digest)s).")
                % {"year": year, "digest": snapshot.digest[:12]},
            )  # fmt: skip
    return redirect(f"{reverse('workplan:plan_evaluation', args=[plan.pk])}?year={year}")


plan_evaluation_freeze.may_open = _is_all_access  # type: ignore[attr-defined]


def plan_evaluation_compare(request: SignedInRequest, pk: int) -> HttpResponse:
    """Two years' evaluations side by side (frozen, or live for a year not frozen): what moved and why."""
    plan = generic.object_or_404(Plan.objects.select_related("city"), request.user, "view", pk)
    _require_official(request)
    today = timezone.localdate()
    from_year = _year_param(request.GET.get("from")) or today.year - 1
    to_year = _year_param(request.GET.get("to")) or today.year
    old = snapshots.evaluation_side(plan=plan, year=from_year)
    new = snapshots.evaluation_side(plan=plan, year=to_year, live=to_year == from_year)
    rows = snapshots.snapshot_compare(old, new)
    groups = snapshots.group_labels()
    if request.GET.get("export") == "xlsx":
        header = [_("group"), _("figure"), str(from_year), str(to_year), _("change"), pgettext("comparison", "why")]
        cells = [[groups[r.group], r.label, r.old, r.new, r.delta, r.reason] for r in rows]
        return xlsx_response([(_("comparison"), [header, *cells])], f"evaluation-{plan.key}-{from_year}-{to_year}")
    moved_only = request.GET.get("moved") == "1"
    context = {
        "plan": plan, "old": old, "new": new, "moved_only": moved_only,
        "table": [(groups[r.group], r) for r in rows if r.moved or not moved_only],
        "years": range(2023, max(to_year, today.year) + 2),
    }  # fmt: skip
    return render(request, "workplan/evaluation_compare.html", context)


plan_evaluation_compare.may_open = _is_official  # type: ignore[attr-defined]
