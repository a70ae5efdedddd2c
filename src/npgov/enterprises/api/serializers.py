from __future__ import annotations

from rest_framework import serializers

from npgov.core.api.serializers import ModelCleanSerializer
from npgov.core.models import District
from npgov.enterprises.models import Enterprise, Industry


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
