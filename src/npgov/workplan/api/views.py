"""The work plan through the API, read-only: the same rows, for the same users, as the pages.

Dispatching, answering, supervision orders and figures are written on the pages, through
npgov.workplan.services (the same validation and history).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

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
from npgov.workplan.permissions import is_official
from npgov.workplan.services.snapshots import EvaluationSide, evaluation_side, group_labels, snapshot_compare


def _year(request: Request, name: str, default: int) -> int:
    """A year parameter, 2000–2100 (the range evaluations take); left out: ``default``."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100):
        raise ValidationError({name: [_("A year from 2000 to 2100.")]})
    return int(raw)


def _side(side: EvaluationSide) -> dict[str, Any]:
    snapshot = side.snapshot
    return {
        "year": side.year, "frozen": snapshot is not None,
        "frozen_at": snapshot.frozen_at if snapshot else None,
        "frozen_by": snapshot.frozen_by_name if snapshot else None,
        "digest": snapshot.digest if snapshot else None,
    }  # fmt: skip


class PlanViewSet(RestrictedReadOnlyViewSet):
    queryset = Plan.objects.select_related("city")
    serializer_class = serializers.PlanSerializer
    filterset_class = filtersets.PlanFilterSet

    def _official_plan(self, request: Request) -> Plan:
        plan = self.get_object()
        if not is_official(request.user):
            raise PermissionDenied(_("The evaluation is for the bureau, the departments and the districts."))
        return plan

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses={200: None})
    @action(detail=True, methods=["get"])
    def evaluation(self, request: Request, pk: str | None = None) -> Response:
        """The year's evaluation: frozen (its snapshot, never live data) or live, with every figure and the digest
        and identity of the data behind each group."""
        plan = self._official_plan(request)
        side = evaluation_side(plan=plan, year=_year(request, "year", timezone.localdate().year))
        return Response({**_side(side), "figures": side.figures, "inputs": side.inputs})

    @extend_schema(parameters=[OpenApiParameter("from", int), OpenApiParameter("to", int)], responses={200: None})
    @action(detail=True, methods=["get"])
    def comparison(self, request: Request, pk: str | None = None) -> Response:
        """Two years figure by figure: old and new value, the change and why it moved (the data that changed)."""
        plan = self._official_plan(request)
        today = timezone.localdate()
        from_year, to_year = _year(request, "from", today.year - 1), _year(request, "to", today.year)
        old = evaluation_side(plan=plan, year=from_year)
        new = evaluation_side(plan=plan, year=to_year, live=to_year == from_year)
        groups = group_labels()
        rows = [{**asdict(row), "group_label": groups[row.group]} for row in snapshot_compare(old, new)]
        return Response({"from": _side(old), "to": _side(new), "rows": rows})


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
