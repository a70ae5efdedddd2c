from __future__ import annotations

from rest_framework import serializers

from npgov.surveys.models import Submission, SubmissionLine


class SubmissionLineSerializer(serializers.ModelSerializer):
    cas = serializers.CharField(source="substance.cas", allow_null=True)
    substance = serializers.CharField(source="substance.name_zh")

    class Meta:
        model = SubmissionLine
        fields = [
            "id",
            "cas",
            "substance",
            "activity",
            "quantity_t",
            "uses",
            "release_air_kg",
            "release_water_kg",
            "release_soil_kg",
            "transfer_kg",
            "tiers",
            "details",
        ]


class SubmissionSerializer(serializers.ModelSerializer):
    """A survey report, read-only: entering and reviewing go through the pages' workflow services."""

    campaign_year = serializers.IntegerField(source="campaign.year")
    enterprise_uscc = serializers.CharField(source="enterprise.uscc")
    enterprise_name = serializers.CharField(source="enterprise.name")
    lines = SubmissionLineSerializer(many=True)

    class Meta:
        model = Submission
        fields = [
            "id",
            "campaign",
            "campaign_year",
            "enterprise_uscc",
            "enterprise_name",
            "status",
            "submitted_at",
            "filler",
            "reviewer",
            "legal_representative",
            "frozen_sha256",
            "lines",
        ]
