"""Filters of the monitoring pages and API (one FilterSet per model, STYLE.md C10)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from npgov.capacity.selectors import lab_list
from npgov.core.filtersets import SearchFilterSet
from npgov.core.models import District, ImportBatch
from npgov.core.pagination import local_midnight
from npgov.monitoring.choices import MONITORED_MATRICES, Qualifier, SiteKind
from npgov.monitoring.models import MonitoringPlan, Result, Sample, Site
from npgov.substances.selectors import substance_list, substance_search

# A text search's matching sites or substances up to this many are looked up first and used by id.
SEARCH_IDS = 500


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

    # Local calendar days as a range of the time itself (not ``sampled_at__date``): an index on the time serves it.
    start = django_filters.DateFilter(field_name="sampled_at", method="filter_start", label=_("from"))
    end = django_filters.DateFilter(field_name="sampled_at", method="filter_end", label=_("to"))
    kind = django_filters.ChoiceFilter(field_name="site__kind", choices=SiteKind.choices, label=_("site kind"))
    district = django_filters.ModelChoiceFilter(queryset=_districts(), label=_("district"), method="filter_district")

    def filter_district(self, queryset: QuerySet[Any], name: str, value: District) -> QuerySet[Any]:
        return in_district(queryset, "site__district", value)

    def filter_start(self, queryset: QuerySet[Any], name: str, value: date) -> QuerySet[Any]:
        return queryset.filter(**{f"{name}__gte": local_midnight(value)})

    def filter_end(self, queryset: QuerySet[Any], name: str, value: date) -> QuerySet[Any]:
        return queryset.filter(**{f"{name}__lt": local_midnight(value + timedelta(days=1))})


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

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """The same text search, but the small site and substance tables are searched first and the results
        narrowed by their ids (no join of the results to both tables for every row)."""
        value = value.strip()
        if not value:
            return queryset
        # Only sites the user may see: a match elsewhere would leave the planner walking every result for none.
        visible = Site.objects.restrict(self.request.user, "view") if self.request is not None else Site.objects.all()
        matching = visible.filter(Q(code__icontains=value) | Q(name__icontains=value))
        sites = list(matching.values_list("pk", flat=True)[: SEARCH_IDS + 1])
        found = substance_search(queryset=substance_list(), text=value)
        substances = list(found.values_list("pk", flat=True)[: SEARCH_IDS + 1])
        if not sites and not substances:
            return queryset.none()  # nothing to look for: no scan of the results at all
        condition = Q()
        if sites:  # through the sample index (site, time), like the site filter
            condition |= Q(sample__site__in=sites if len(sites) <= SEARCH_IDS else matching.values("pk"))
        if substances:
            condition |= Q(substance_id__in=substances if len(substances) <= SEARCH_IDS else found.values("pk"))
        return queryset.filter(condition)


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
