from __future__ import annotations

from typing import Any

from rest_framework import serializers

from npgov.core.api.serializers import ModelCleanSerializer, district_code_field
from npgov.core.models import District
from npgov.enterprises.models import Enterprise, Industry, Park, Permit, PermitLimit


class EnterpriseSerializer(ModelCleanSerializer):
    district = serializers.SlugRelatedField(slug_field="code", queryset=District.objects.all())
    industry = serializers.SlugRelatedField(slug_field="code", queryset=Industry.objects.filter(level="class"))

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "uscc",
            "name",
            "district",
            "address",
            "latitude",
            "longitude",
            "industry",
            "status",
            "key_discharge_unit",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class ParkSerializer(serializers.ModelSerializer):
    district = district_code_field()

    class Meta:
        model = Park
        fields = ["id", "name", "district", "chemical_park", "created_at", "updated_at"]
        read_only_fields = fields


class PermitLimitSerializer(serializers.ModelSerializer):
    substance: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="cas", read_only=True)
    canonical = serializers.CharField(read_only=True)

    class Meta:
        model = PermitLimit
        fields = ["substance", "kind", "value", "unit", "canonical", "note"]
        read_only_fields = fields


class PermitSerializer(serializers.ModelSerializer):
    enterprise: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="uscc", read_only=True)
    limits = PermitLimitSerializer(many=True, read_only=True)

    class Meta:
        model = Permit
        fields = [
            "id", "number", "kind", "enterprise", "valid_from", "valid_until", "states_new_pollutant_controls",
            "limits", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields
