from __future__ import annotations

import math
from typing import Any

from rest_framework import serializers

from npgov.monitoring.models import Result, Sample, Site


class FiniteFloatField(serializers.FloatField):
    """A float that is written as null when the stored number is not finite (never an unreadable response)."""

    def to_representation(self, value: Any) -> Any:
        number = float(value)
        return number if math.isfinite(number) else None


def finite(data: Any) -> Any:
    """``data`` with every non-finite float replaced by None (JSON has no NaN or infinity)."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {key: finite(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [finite(value) for value in data]
    return data


class SiteSerializer(serializers.ModelSerializer):
    district_code = serializers.CharField(source="district.code", read_only=True)

    class Meta:
        model = Site
        fields = ["id", "code", "name", "kind", "district", "district_code", "water_body", "latitude", "longitude",
                  "area", "park", "active", "note"]  # fmt: skip


class SampleSerializer(serializers.ModelSerializer):
    site_code = serializers.CharField(source="site.code", read_only=True)

    class Meta:
        model = Sample
        fields = ["id", "site", "site_code", "sampled_at", "matrix", "depth_m", "lab", "method", "sample_code",
                  "campaign", "batch"]  # fmt: skip


class ResultSerializer(serializers.ModelSerializer):
    """One result as reported and normalised; ``value`` is in ``canonical_unit`` (a non-detect: its limit)."""

    site_code = serializers.CharField(source="site.code", read_only=True)
    cas = serializers.CharField(source="substance.cas", read_only=True, allow_null=True)
    canonical_unit = serializers.CharField(read_only=True)
    censored = serializers.BooleanField(read_only=True)
    value = FiniteFloatField(read_only=True, allow_null=True)
    lod = FiniteFloatField(read_only=True, allow_null=True)
    loq = FiniteFloatField(read_only=True, allow_null=True)

    class Meta:
        model = Result
        fields = ["id", "sample", "site", "site_code", "substance", "cas", "sampled_at", "matrix", "value_reported",
                  "unit_reported", "qualifier", "censored", "value", "canonical_unit", "lod", "loq", "qa_flags",
                  "batch"]  # fmt: skip


class StatisticsSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True)
    label = serializers.CharField()
    n = serializers.IntegerField()
    n_censored = serializers.IntegerField()
    detection_frequency = serializers.FloatField(allow_null=True)
    km = serializers.DictField()
    ros = serializers.DictField()
    mle_lognormal = serializers.DictField()
    percentiles = serializers.DictField()
    max_detected = serializers.FloatField(allow_null=True)
    methods = serializers.DictField()
    notes = serializers.DictField()
