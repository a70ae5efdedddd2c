"""Serializers of inspections (read-only API)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from npgov.enforcement.inspections.models import Case, InspectionDraw, InspectionTask
from npgov.enforcement.inspections.selectors import draw_results_public


class InspectionDrawSerializer(serializers.ModelSerializer):
    """A draw with everything needed to reproduce it; ``results_public``: whether the public sees its selection."""

    results_public = serializers.SerializerMethodField()

    class Meta:
        model = InspectionDraw
        fields = ["id", "title", "seed", "filters", "enterprise_count", "inspectors_per_task", "exclude_own_district",
                  "population", "pool", "districts", "selection", "due_date", "published", "results_public",
                  "created_at"]  # fmt: skip

    def get_results_public(self, obj: InspectionDraw) -> bool:
        return draw_results_public(obj)


# What identifies the enterprises and inspectors drawn (the seed recomputes them from the snapshots).
WITHHELD_UNTIL_RESULTS = ("seed", "population", "pool", "districts", "selection")


class PublicInspectionDrawSerializer(InspectionDrawSerializer):
    """A draw as the public reads it: the selection and the seed only once its results are public (双随机、一公开)."""

    class Meta(InspectionDrawSerializer.Meta):
        # null while withheld: the schema says so
        extra_kwargs = {name: {"allow_null": True} for name in WITHHELD_UNTIL_RESULTS}

    def to_representation(self, instance: InspectionDraw) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not data["results_public"]:
            for name in WITHHELD_UNTIL_RESULTS:
                data[name] = None
        return data


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
