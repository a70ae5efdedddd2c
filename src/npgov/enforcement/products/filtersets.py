"""Filters of the product sampling pages and API (one FilterSet per model)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from npgov.core.filtersets import SearchFilterSet
from npgov.core.models import Department, District, ImportBatch
from npgov.enforcement.products.models import (
    ContentLimit,
    LimitBasis,
    Measurement,
    ProductCategory,
    ProductResult,
    ProductSample,
    SampleVerdict,
    Verdict,
)


def _districts() -> QuerySet[District]:
    return District.objects.exclude(kind__in=["province", "city"]).order_by("code")


def _in_category(queryset: QuerySet[Any], path: str, category: ProductCategory | None) -> QuerySet[Any]:
    """Rows of the category or of its sub-categories."""
    if category is None:
        return queryset
    return queryset.filter(Q(**{path: category}) | Q(**{f"{path}__parent": category}))


class ContentLimitFilterSet(SearchFilterSet):
    search_fields = ("standard", "standard_title", "substance_text", "basis_text", "substances__cas",
                     "substances__name_zh")  # fmt: skip
    category = django_filters.ModelChoiceFilter(
        queryset=ProductCategory.objects.all(), label=_("product category"), method="filter_category"
    )
    basis = django_filters.ChoiceFilter(choices=LimitBasis.choices, label=_("basis"))
    measurement = django_filters.ChoiceFilter(choices=Measurement.choices, label=_("measured as"))

    class Meta:
        model = ContentLimit
        fields = ["q", "category", "basis", "measurement", "verified", "active"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return super().search(queryset, name, value).distinct()  # through the substances: one row per limit

    def filter_category(self, queryset: QuerySet[Any], name: str, value: ProductCategory) -> QuerySet[Any]:
        # A category's page shows the limits its samples are judged by: its own, its parent's, and all-product notes.
        return queryset.filter(Q(category_id__in=value.lineage_ids()) | Q(category__isnull=True))


class SampledPeriodFilterSet(SearchFilterSet):
    start = django_filters.DateFilter(field_name="sampled_on", lookup_expr="gte", label=_("from"))
    end = django_filters.DateFilter(field_name="sampled_on", lookup_expr="lte", label=_("to"))
    district = django_filters.ModelChoiceFilter(queryset=_districts(), label=_("district"), method="filter_district")
    category = django_filters.ModelChoiceFilter(
        queryset=ProductCategory.objects.all(), label=_("product category"), method="filter_category"
    )
    sample_path = ""

    def _path(self, name: str) -> str:
        return f"{self.sample_path}{name}"

    def filter_district(self, queryset: QuerySet[Any], name: str, value: District) -> QuerySet[Any]:
        path = self._path("district")
        return queryset.filter(Q(**{path: value}) | Q(**{f"{path}__parent": value}))

    def filter_category(self, queryset: QuerySet[Any], name: str, value: ProductCategory) -> QuerySet[Any]:
        return _in_category(queryset, self._path("category"), value)


class ProductSampleFilterSet(SampledPeriodFilterSet):
    search_fields = ("code", "product_name", "brand", "model_number", "producer_name", "seller_name", "place")
    verdict = django_filters.ChoiceFilter(choices=SampleVerdict.choices, label=_("verdict"))
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("sampling department"))

    class Meta:
        model = ProductSample
        fields = ["q", "category", "verdict", "district", "department", "start", "end"]


class ProductResultFilterSet(SampledPeriodFilterSet):
    search_fields = ("sample__code", "sample__product_name", "substance__cas", "substance__name_zh",
                     "substance__name_en", "lab")  # fmt: skip
    sample_path = "sample__"
    start = django_filters.DateFilter(field_name="sample__sampled_on", lookup_expr="gte", label=_("from"))
    end = django_filters.DateFilter(field_name="sample__sampled_on", lookup_expr="lte", label=_("to"))
    verdict = django_filters.ChoiceFilter(choices=Verdict.choices, label=_("verdict"))
    measurement = django_filters.ChoiceFilter(choices=Measurement.choices, label=_("measured as"))
    sample = django_filters.CharFilter(field_name="sample__code", label=_("sample code"))
    batch = django_filters.ModelChoiceFilter(
        queryset=ImportBatch.objects.filter(target="enforcement.productresult"), label=_("import batch")
    )

    class Meta:
        model = ProductResult
        fields = ["q", "category", "verdict", "measurement", "district", "start", "end", "sample", "batch"]
