from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from npgov.risk.models import (
    AssessmentRun,
    EcotoxEndpoint,
    HazardDatum,
    Pnec,
    PriorityDraft,
    PriorityItem,
    PriorityReview,
)


class PnecSerializer(serializers.ModelSerializer):
    cas = serializers.CharField(source="substance.cas", read_only=True, allow_null=True)

    class Meta:
        model = Pnec
        fields = ["id", "substance", "cas", "compartment", "value", "unit", "value_ng_l", "basis", "derivation",
                  "source", "note", "verified"]  # fmt: skip


class HazardDatumSerializer(serializers.ModelSerializer):
    cas = serializers.CharField(source="substance.cas", read_only=True, allow_null=True)

    class Meta:
        model = HazardDatum
        fields = ["id", "substance", "cas", "property", "value", "text", "unit", "kind", "reliability", "source",
                  "note", "verified"]  # fmt: skip


class EcotoxEndpointSerializer(serializers.ModelSerializer):
    cas = serializers.CharField(source="substance.cas", read_only=True, allow_null=True)

    class Meta:
        model = EcotoxEndpoint
        fields = ["id", "substance", "cas", "compartment", "species", "trophic_level", "duration", "endpoint",
                  "exposure_days", "value_mg_l", "kind", "reliability", "source", "note", "verified"]  # fmt: skip


class RunSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = AssessmentRun
        fields = ["id", "title", "kind", "compartment", "mec_statistic", "verified_pnecs_only", "estimate_unmonitored",
                  "start", "end", "exposure", "status", "digest", "software", "created_at"]  # fmt: skip


class RunSerializer(RunSummarySerializer):
    """A run with what it read (``inputs``) and what it found (``results``: every row, read for the detail only)."""

    results = serializers.SerializerMethodField()

    class Meta(RunSummarySerializer.Meta):
        fields = [*RunSummarySerializer.Meta.fields, "inputs", "results"]

    @extend_schema_field(serializers.JSONField())
    def get_results(self, run: AssessmentRun) -> dict[str, Any]:
        return run.results


class PriorityItemSerializer(serializers.ModelSerializer):
    cas = serializers.CharField(source="substance.cas", read_only=True, allow_null=True)
    name = serializers.CharField(source="substance.name_zh", read_only=True)

    class Meta:
        model = PriorityItem
        fields = ["rank", "substance", "cas", "name", "risk_score", "category", "included", "rationale"]


class PriorityReviewSerializer(serializers.ModelSerializer):
    expert_name = serializers.CharField(source="expert.name", read_only=True)

    class Meta:
        model = PriorityReview
        fields = ["expert", "expert_name", "verdict", "comment", "submitted_at"]


class PriorityDraftSerializer(serializers.ModelSerializer):
    list_code = serializers.CharField(read_only=True)
    items = PriorityItemSerializer(many=True, read_only=True)
    reviews = PriorityReviewSerializer(many=True, read_only=True)

    class Meta:
        model = PriorityDraft
        fields = ["id", "title", "run", "district", "year", "list_code", "status", "published_list", "published_at",
                  "note", "items", "reviews"]  # fmt: skip
