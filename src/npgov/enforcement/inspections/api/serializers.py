"""Serializers of inspections (read-only API)."""

from __future__ import annotations

from rest_framework import serializers

from npgov.enforcement.inspections.models import Case, InspectionDraw, InspectionTask


class InspectionDrawSerializer(serializers.ModelSerializer):
    class Meta:
        model = InspectionDraw
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
