"""Product sampling through the API: read-only, scoped like the pages."""

from __future__ import annotations

from npgov.core.api.viewsets import RestrictedReadOnlyViewSet
from npgov.enforcement.products.api import serializers
from npgov.enforcement.products.filtersets import ContentLimitFilterSet, ProductResultFilterSet, ProductSampleFilterSet
from npgov.enforcement.products.models import ContentLimit, ProductCategory, ProductResult, ProductSample


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
