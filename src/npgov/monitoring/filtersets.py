"""Filters of the monitoring pages and API (one FilterSet per model, STYLE.md C10)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from npgov.capacity.selectors import lab_list
from npgov.core.filtersets import SearchFilterSet
from npgov.core.models import District, ImportBatch
from npgov.monitoring.choices import MONITORED_MATRICES, Qualifier, SiteKind
from npgov.monitoring.models import MonitoringPlan, Result, Sample, Site


def _districts() -> QuerySet[District]:
    return District.objects.exclude(kind__in=["province", "city"]).order_by("code")


def in_district(queryset: QuerySet[Any], path: str, district: District | None) -> QuerySet[Any]:
    """Rows whose ``path`` district is ``district`` or a zone or county under it."""
    if district is None:
        return queryset
    return queryset.filter(Q(**{path: district}) | Q(**{f"{path}__parent": district}))


class SiteFilterSet(SearchFilterSet):
    search_fields = ("code", "name", "water_body")
    kind = django_filters.ChoiceFilter(choices=SiteKind.choices, label=_("site kind"))
    district = django_filters.ModelChoiceFilter(queryset=_districts(), label=_("district"), method="filter_district")

    class Meta:
        model = Site
        fields = ["q", "kind", "district", "active"]

    def filter_district(self, queryset: QuerySet[Any], name: str, value: District) -> QuerySet[Any]:
        return in_district(queryset, "district", value)


class PeriodFilterSet(SearchFilterSet):
    """Sampling period, district and site kind: the filters every monitoring statistic takes."""

    start = django_filters.DateFilter(field_name="sampled_at", lookup_expr="date__gte", label=_("from"))
    end = django_filters.DateFilter(field_name="sampled_at", lookup_expr="date__lte", label=_("to"))
    kind = django_filters.ChoiceFilter(field_name="site__kind", choices=SiteKind.choices, label=_("site kind"))
    district = django_filters.ModelChoiceFilter(queryset=_districts(), label=_("district"), method="filter_district")

    def filter_district(self, queryset: QuerySet[Any], name: str, value: District) -> QuerySet[Any]:
        return in_district(queryset, "site__district", value)


class ResultFilterSet(PeriodFilterSet):
    search_fields = ("site__code", "site__name", "substance__name_zh", "substance__cas")
    qualifier = django_filters.ChoiceFilter(choices=Qualifier.choices, label=_("qualifier"))
    matrix = django_filters.ChoiceFilter(choices=MONITORED_MATRICES, label=_("matrix"))
    # through the sample: the sample index (site, time) finds a site's results
    site = django_filters.ModelChoiceFilter(field_name="sample__site", queryset=Site.objects.all(), label=_("site"))
    batch = django_filters.ModelChoiceFilter(
        queryset=ImportBatch.objects.filter(target="monitoring.result"), label=_("import batch")
    )

    class Meta:
        model = Result
        fields = ["q", "site", "substance", "qualifier", "matrix", "start", "end", "kind", "district", "batch"]


class SampleFilterSet(PeriodFilterSet):
    search_fields = ("site__code", "site__name", "sample_code")
    matrix = django_filters.ChoiceFilter(choices=MONITORED_MATRICES, label=_("matrix"))
    lab = django_filters.ModelChoiceFilter(queryset=lab_list(), label=_("laboratory"))

    class Meta:
        model = Sample
        fields = ["q", "site", "matrix", "lab", "campaign", "start", "end", "kind", "district"]


class PlanFilterSet(SearchFilterSet):
    search_fields = ("name", "source")

    class Meta:
        model = MonitoringPlan
        fields = ["q", "year", "department"]
