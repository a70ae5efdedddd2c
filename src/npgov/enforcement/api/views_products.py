"""Product sampling and import/export checks through the API: read-only, scoped like the pages."""

from __future__ import annotations

from npgov.core.api.viewsets import RestrictedReadOnlyViewSet
from npgov.enforcement.api import serializers_products as serializers
from npgov.enforcement.filtersets_products import (
    ContentLimitFilterSet,
    ProductResultFilterSet,
    ProductSampleFilterSet,
    TradeCheckFilterSet,
)
from npgov.enforcement.models import ContentLimit, ProductCategory, ProductResult, ProductSample, TradeCheck


class ProductCategoryViewSet(RestrictedReadOnlyViewSet):
    queryset = ProductCategory.objects.all()
    serializer_class = serializers.ProductCategorySerializer


class ContentLimitViewSet(RestrictedReadOnlyViewSet):
    """Content limits of product standards with their sources; ``verified`` false marks values from memory."""

    queryset = ContentLimit.objects.prefetch_related("substances")
    serializer_class = serializers.ContentLimitSerializer
    filterset_class = ContentLimitFilterSet


class ProductSampleViewSet(RestrictedReadOnlyViewSet):
    """Product samples: departments read all, a district those taken in it, an enterprise its own products'."""

    queryset = ProductSample.objects.select_related("category", "district", "producer")
    serializer_class = serializers.ProductSampleSerializer
    filterset_class = ProductSampleFilterSet
    ordering_fields = ["sampled_on", "code"]


class ProductResultViewSet(RestrictedReadOnlyViewSet):
    queryset = ProductResult.objects.select_related("sample", "substance")
    serializer_class = serializers.ProductResultSerializer
    filterset_class = ProductResultFilterSet


class TradeCheckViewSet(RestrictedReadOnlyViewSet):
    """Import/export checks; filter ``result=violation`` for the violations."""

    queryset = TradeCheck.objects.select_related("substance")
    serializer_class = serializers.TradeCheckSerializer
    filterset_class = TradeCheckFilterSet
    ordering_fields = ["checked_on"]
