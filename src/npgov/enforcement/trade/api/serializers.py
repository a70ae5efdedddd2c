"""Serializers of import/export checks (read-only API)."""

from __future__ import annotations

from rest_framework import serializers

from npgov.enforcement.trade.models import TradeCheck


class TradeCheckSerializer(serializers.ModelSerializer):
    cas = serializers.CharField(source="substance.cas", read_only=True, allow_null=True)

    class Meta:
        model = TradeCheck
        fields = ["id", "checked_on", "direction", "declaration_number", "hs_code", "substance", "cas",
                  "on_strictly_restricted_list", "declared_use", "quantity", "quantity_unit", "release_notice_number",
                  "enterprise", "enterprise_name", "department", "result", "violation_kind", "description"]  # fmt: skip
