"""Filters of the import/export check pages and API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from npgov.core.filtersets import SearchFilterSet
from npgov.core.models import Department
from npgov.enforcement.trade.models import TradeCheck, TradeDirection, TradeResult, ViolationKind


class TradeCheckFilterSet(SearchFilterSet):
    search_fields = ("hs_code", "enterprise_name", "declaration_number", "release_notice_number", "substance__cas",
                     "substance__name_zh", "substance__name_en", "declared_use")  # fmt: skip
    direction = django_filters.ChoiceFilter(choices=TradeDirection.choices, label=_("direction"))
    result = django_filters.ChoiceFilter(choices=TradeResult.choices, label=_("result"))
    violation_kind = django_filters.ChoiceFilter(choices=ViolationKind.choices, label=_("violation"))
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("checking department"))
    start = django_filters.DateFilter(field_name="checked_on", lookup_expr="gte", label=_("from"))
    end = django_filters.DateFilter(field_name="checked_on", lookup_expr="lte", label=_("to"))

    class Meta:
        model = TradeCheck
        fields = ["q", "direction", "result", "violation_kind", "on_strictly_restricted_list", "department",
                  "start", "end"]  # fmt: skip
