"""Read-only representations of the capacity registers; related records by their code, name or CAS RN."""

from __future__ import annotations

from rest_framework import serializers

from npgov.capacity.models import Expert, Lab, LabMethod, Project, Training
from npgov.core.api.serializers import department_code_field


def _optional(source: str) -> serializers.CharField:
    """An optional relation named by its code or user name: null when unset (the schema says so)."""
    return serializers.CharField(source=source, read_only=True, allow_null=True)


class ExpertSerializer(serializers.ModelSerializer):
    user = _optional("user.username")  # an expert may have no platform account

    class Meta:
        model = Expert
        fields = ["id", "name", "affiliation", "title", "fields", "conflicts", "phone", "email", "user", "active",
                  "created_at", "updated_at"]  # fmt: skip


class LabSerializer(serializers.ModelSerializer):
    district = _optional("district.code")

    class Meta:
        model = Lab
        fields = ["id", "name", "organisation", "district", "cma_number", "cnas_number", "glp_status",
                  "glp_certificate", "glp_valid_until", "note", "created_at", "updated_at"]  # fmt: skip


class LabMethodSerializer(serializers.ModelSerializer):
    cas = serializers.CharField(source="substance.cas", read_only=True, allow_null=True)

    class Meta:
        model = LabMethod
        fields = ["id", "lab", "substance", "cas", "matrix", "standard", "lod", "loq", "unit", "created_at",
                  "updated_at"]  # fmt: skip


class TrainingSerializer(serializers.ModelSerializer):
    department = department_code_field()

    class Meta:
        model = Training
        fields = ["id", "title", "date", "department", "audience", "participants", "hours", "topics", "created_at",
                  "updated_at"]  # fmt: skip


class ProjectSerializer(serializers.ModelSerializer):
    department = department_code_field()
    district = _optional("district.code")

    class Meta:
        model = Project
        fields = ["id", "kind", "title", "lead_organisation", "department", "district", "start", "end",
                  "budget_10k_yuan", "status", "outcomes", "created_at", "updated_at"]  # fmt: skip
