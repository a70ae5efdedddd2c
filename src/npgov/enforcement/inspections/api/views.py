"""Random draws, inspection tasks and cases through the API: read-only, scoped like the pages."""

from __future__ import annotations

from npgov.core.api.viewsets import RestrictedReadOnlyViewSet
from npgov.enforcement.inspections.api import serializers
from npgov.enforcement.inspections.models import Case, InspectionDraw, InspectionTask
from npgov.enforcement.inspections.selectors import draws_with_public_results


class InspectionDrawViewSet(RestrictedReadOnlyViewSet):
    """Random draws with their seed, population and pool snapshots and selection: enough to reproduce them."""

    queryset = draws_with_public_results(InspectionDraw.objects.all())
    serializer_class = serializers.InspectionDrawSerializer

    def get_serializer_class(self) -> type[serializers.InspectionDrawSerializer]:
        # The public (anonymous) reads published draws, without their selection until the results are public.
        if not self.request.user.is_authenticated:
            return serializers.PublicInspectionDrawSerializer
        return serializers.InspectionDrawSerializer


class TaskViewSet(RestrictedReadOnlyViewSet):
    queryset = InspectionTask.objects.select_related("record").prefetch_related("inspectors")
    serializer_class = serializers.TaskSerializer


class CaseViewSet(RestrictedReadOnlyViewSet):
    queryset = Case.objects.all()
    serializer_class = serializers.CaseSerializer
