from __future__ import annotations

from rest_framework import serializers

from npgov.compliance.models import Finding


class FindingSerializer(serializers.ModelSerializer):
    enterprise_uscc = serializers.CharField(source="enterprise.uscc", read_only=True)
    cas = serializers.CharField(source="substance.cas", read_only=True, allow_null=True)
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "enterprise", "enterprise_uscc", "substance", "cas", "measure", "year", "activity", "rule",
                  "explanation", "legal_basis", "severity", "status", "opened_on", "due_date", "overdue",
                  "department", "rectification", "rectification_at", "closed_at"]  # fmt: skip
