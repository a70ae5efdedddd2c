"""The work plan through the API, read-only: the same rows, for the same users, as the pages.

Dispatching, answering, supervision orders and figures are written on the pages, through
npgov.workplan.services (the same validation and history).
"""

from __future__ import annotations

from django.db.models import Prefetch

from npgov.core.api.viewsets import RestrictedReadOnlyViewSet
from npgov.workplan import filtersets
from npgov.workplan.api import serializers
from npgov.workplan.models import (
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


class PlanViewSet(RestrictedReadOnlyViewSet):
    queryset = Plan.objects.select_related("city")
    serializer_class = serializers.PlanSerializer
    filterset_class = filtersets.PlanFilterSet


class TaskViewSet(RestrictedReadOnlyViewSet):
    queryset = Task.objects.select_related("plan").prefetch_related(
        Prefetch("assignments", queryset=TaskAssignment.objects.select_related("department")), "milestones"
    )
    serializer_class = serializers.PlanTaskSerializer
    filterset_fields = ["plan", "kind", "district_responsibility"]


class KpiViewSet(RestrictedReadOnlyViewSet):
    queryset = Kpi.objects.all()
    serializer_class = serializers.KpiSerializer
    filterset_class = filtersets.KpiFilterSet


class KpiValueViewSet(RestrictedReadOnlyViewSet):
    """KPI values by district and period; a district user reads its own district's."""

    queryset = KpiValue.objects.select_related("district")
    serializer_class = serializers.KpiValueSerializer
    filterset_fields = ["kpi", "district"]
    ordering_fields = ["period_end", "value"]


class ProgressRequestViewSet(RestrictedReadOnlyViewSet):
    """Progress dispatches (调度): read by the bureau, departments and districts."""

    queryset = ProgressRequest.objects.select_related("issued_by")
    serializer_class = serializers.ProgressRequestSerializer
    filterset_class = filtersets.ProgressRequestFilterSet
    ordering_fields = ["due_date", "created_at"]


class ProgressReportViewSet(RestrictedReadOnlyViewSet):
    """The answers to dispatches: departments and districts read every answer, as on the dispatch page."""

    queryset = ProgressReport.objects.select_related("request", "department", "district")
    serializer_class = serializers.ProgressReportSerializer
    filterset_fields = ["request", "task", "department", "district", "status"]
    ordering_fields = ["submitted_at", "percent_done"]


class SupervisionOrderViewSet(RestrictedReadOnlyViewSet):
    """Supervision orders (督办); departments read them, districts, enterprises and experts do not."""

    queryset = SupervisionOrder.objects.select_related("department")
    serializer_class = serializers.SupervisionOrderSerializer
    filterset_class = filtersets.SupervisionOrderFilterSet
    ordering_fields = ["deadline", "created_at"]


class IndicatorViewSet(RestrictedReadOnlyViewSet):
    queryset = Indicator.objects.all()
    serializer_class = serializers.IndicatorSerializer


class IndicatorRecordViewSet(RestrictedReadOnlyViewSet):
    queryset = IndicatorRecord.objects.select_related("district", "department")
    serializer_class = serializers.IndicatorRecordSerializer
    filterset_fields = ["indicator", "district", "department"]
    ordering_fields = ["period_end"]
