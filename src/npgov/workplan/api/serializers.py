"""Read-only representations of the work plan; departments and districts by their code, users by username."""

from __future__ import annotations

from rest_framework import serializers

from npgov.core.api.serializers import department_code_field, district_code_field, username_field
from npgov.workplan.models import (
    Indicator,
    IndicatorRecord,
    Kpi,
    KpiValue,
    Milestone,
    Plan,
    ProgressReport,
    ProgressRequest,
    SupervisionOrder,
    Task,
    TaskAssignment,
)


class PlanSerializer(serializers.ModelSerializer):
    city = district_code_field()

    class Meta:
        model = Plan
        fields = ["id", "key", "city", "title_zh", "title_en", "document_number", "issued", "goals_zh", "source",
                  "note"]  # fmt: skip


class TaskAssignmentSerializer(serializers.ModelSerializer):
    department = department_code_field()

    class Meta:
        model = TaskAssignment
        fields = ["department", "role"]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["date", "text_zh", "what_zh"]


class PlanTaskSerializer(serializers.ModelSerializer):
    """A task with its departments (lead and co-operating, in the order written) and its milestones."""

    assignments = TaskAssignmentSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = Task
        fields = ["id", "plan", "key", "number", "kind", "section_title", "group_zh", "title_zh", "text_zh",
                  "responsibility_text_zh", "open_ended", "district_responsibility", "modules", "assignments",
                  "milestones"]  # fmt: skip


class KpiSerializer(serializers.ModelSerializer):
    class Meta:
        model = Kpi
        fields = ["id", "plan", "task", "key", "name_zh", "target", "unit", "direction", "deadline", "scope_level",
                  "text_zh", "calculator", "source"]  # fmt: skip


class KpiValueSerializer(serializers.ModelSerializer):
    district = district_code_field()

    class Meta:
        model = KpiValue
        fields = ["id", "kpi", "district", "period_end", "value", "note", "updated_at"]


class ProgressRequestSerializer(serializers.ModelSerializer):
    issued_by = username_field()

    class Meta:
        model = ProgressRequest
        fields = ["id", "plan", "title", "period_start", "period_end", "due_date", "note", "issued_by", "created_at"]


class ProgressReportSerializer(serializers.ModelSerializer):
    """One answer asked of a department or a district; ``late`` also counts an answer still missing after the
    due date. The evidence file stays on the report's page."""

    department = department_code_field(null=True)  # a report is asked of a department or of a district
    district = district_code_field(null=True)
    late = serializers.BooleanField(read_only=True)
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReport
        fields = ["id", "request", "task", "department", "district", "status", "percent_done", "text",
                  "has_evidence", "submitted_at", "late"]  # fmt: skip

    def get_has_evidence(self, report: ProgressReport) -> bool:
        return bool(report.evidence)


class SupervisionOrderSerializer(serializers.ModelSerializer):
    department = department_code_field()

    class Meta:
        model = SupervisionOrder
        fields = ["id", "task", "department", "deadline", "text", "status", "response", "created_at"]


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "key", "name_zh", "name_en", "department_names", "fields", "kpi_links"]


class IndicatorRecordSerializer(serializers.ModelSerializer):
    district = district_code_field()
    department = department_code_field()

    class Meta:
        model = IndicatorRecord
        fields = ["id", "indicator", "district", "department", "period_end", "values", "note", "updated_at"]
