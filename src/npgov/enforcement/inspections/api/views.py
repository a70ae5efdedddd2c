"""Random draws, inspection tasks and cases through the API: read-only, scoped like the pages."""

from __future__ import annotations

from npgov.core.api.viewsets import RestrictedReadOnlyViewSet
from npgov.enforcement.inspections.api import serializers
from npgov.enforcement.inspections.models import Case, InspectionDraw, InspectionTask


class InspectionDrawViewSet(RestrictedReadOnlyViewSet):
    """Random draws with their seed, population and pool snapshots and selection: enough to reproduce them."""

    queryset = InspectionDraw.objects.all()
    serializer_class = serializers.InspectionDrawSerializer


class TaskViewSet(RestrictedReadOnlyViewSet):
    queryset = InspectionTask.objects.select_related("record").prefetch_related("inspectors")
    serializer_class = serializers.TaskSerializer


class CaseViewSet(RestrictedReadOnlyViewSet):
    queryset = Case.objects.all()
    serializer_class = serializers.CaseSerializer
