from __future__ import annotations

from rest_framework import serializers
from rest_framework.routers import SimpleRouter

from npgov.core.api.viewsets import RestrictedReadOnlyViewSet
from npgov.enforcement.models import Case, Draw, InspectionTask


class DrawSerializer(serializers.ModelSerializer):
    class Meta:
        model = Draw
        fields = ["id", "title", "seed", "filters", "enterprise_count", "inspectors_per_task", "exclude_own_district",
                  "population", "pool", "districts", "selection", "due_date", "published", "created_at"]  # fmt: skip


class TaskSerializer(serializers.ModelSerializer):
    outcome = serializers.CharField(source="record.outcome", read_only=True, default=None)

    class Meta:
        model = InspectionTask
        fields = ["id", "draw", "enterprise", "inspectors", "checklist", "due_date", "status", "outcome"]


class CaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Case
        fields = ["id", "number", "enterprise", "task", "finding", "opened_on", "facts", "legal_basis", "decision",
                  "penalty_yuan", "decided_on", "status", "published"]  # fmt: skip


class DrawViewSet(RestrictedReadOnlyViewSet):
    """Random draws with their seed, population and pool snapshots and selection: enough to reproduce them."""

    queryset = Draw.objects.all()
    serializer_class = DrawSerializer


class TaskViewSet(RestrictedReadOnlyViewSet):
    queryset = InspectionTask.objects.select_related("record").prefetch_related("inspectors")
    serializer_class = TaskSerializer


class CaseViewSet(RestrictedReadOnlyViewSet):
    queryset = Case.objects.all()
    serializer_class = CaseSerializer


router = SimpleRouter()
router.register("draws", DrawViewSet, basename="enforcement-draw")
router.register("tasks", TaskViewSet, basename="enforcement-task")
router.register("cases", CaseViewSet, basename="enforcement-case")
urlpatterns = router.urls
