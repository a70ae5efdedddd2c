"""Read-only representations of the capacity registers; related records by their code, name or CAS RN."""

from __future__ import annotations

from rest_framework import serializers

from npgov.capacity.models import Expert, Lab, LabMethod, Project, Training
from npgov.core.models import Department, District, User


def _department_code() -> serializers.SlugRelatedField[Department]:
    """A department by its code ("dl-eeb")."""
    return serializers.SlugRelatedField(slug_field="code", read_only=True)


def _district_code() -> serializers.SlugRelatedField[District]:
    """A district by its GB/T 2260 code ("210211")."""
    return serializers.SlugRelatedField(slug_field="code", read_only=True)


def _username() -> serializers.SlugRelatedField[User]:
    """A user by username."""
    return serializers.SlugRelatedField(slug_field="username", read_only=True)


class ExpertSerializer(serializers.ModelSerializer):
    user = _username()

    class Meta:
        model = Expert
        fields = ["id", "name", "affiliation", "title", "fields", "conflicts", "phone", "email", "user", "active",
                  "created_at", "updated_at"]  # fmt: skip


class LabSerializer(serializers.ModelSerializer):
    district = _district_code()

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
    department = _department_code()

    class Meta:
        model = Training
        fields = ["id", "title", "date", "department", "audience", "participants", "hours", "topics", "created_at",
                  "updated_at"]  # fmt: skip


class ProjectSerializer(serializers.ModelSerializer):
    department = _department_code()
    district = _district_code()

    class Meta:
        model = Project
        fields = ["id", "kind", "title", "lead_organisation", "department", "district", "start", "end",
                  "budget_10k_yuan", "status", "outcomes", "created_at", "updated_at"]  # fmt: skip
