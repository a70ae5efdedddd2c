"""Serializers of product sampling (read-only API)."""

from __future__ import annotations

from rest_framework import serializers

from npgov.enforcement.products.models import ContentLimit, ProductCategory, ProductResult, ProductSample


class ProductCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = ProductCategory
        fields = ["id", "code", "name_zh", "name_en", "parent", "description"]


class ContentLimitSerializer(serializers.ModelSerializer):
    """A limit of a product standard; ``substances`` are registry ids, ``cas`` their CAS RNs."""

    cas = serializers.SerializerMethodField()

    class Meta:
        model = ContentLimit
        fields = ["id", "key", "category", "substance_text", "substances", "cas", "basis", "measurement",
                  "limit_value", "unit", "basis_text", "standard", "standard_title", "source", "verified", "active",
                  "note"]  # fmt: skip

    def get_cas(self, obj: ContentLimit) -> list[str]:
        return [s.cas for s in obj.substances.all() if s.cas]


class ProductSampleSerializer(serializers.ModelSerializer):
    category_code = serializers.CharField(source="category.code", read_only=True)
    district_code = serializers.CharField(source="district.code", read_only=True)
    producer_uscc = serializers.CharField(source="producer.uscc", read_only=True, default=None)

    class Meta:
        model = ProductSample
        fields = ["id", "code", "category", "category_code", "product_name", "brand", "model_number", "batch_number",
                  "producer", "producer_uscc", "producer_name", "seller_name", "place", "district", "district_code",
                  "sampled_on", "department", "verdict", "note"]  # fmt: skip


class ProductResultSerializer(serializers.ModelSerializer):
    """A result as reported, its value in mg/kg, and its verdict with the limit applied (as it was then)."""

    sample_code = serializers.CharField(source="sample.code", read_only=True)
    cas = serializers.CharField(source="substance.cas", read_only=True, allow_null=True)

    class Meta:
        model = ProductResult
        fields = ["id", "sample", "sample_code", "substance", "cas", "measurement", "value_reported", "detected",
                  "value", "unit", "value_mg_kg", "lab", "method", "verdict", "limit", "limit_value", "limit_unit",
                  "limit_basis", "limit_standard", "limit_verified", "compared_value"]  # fmt: skip
