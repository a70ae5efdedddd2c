from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from npgov.core.filtersets import SearchFilterSet
from npgov.workplan.choices import OrderStatus
from npgov.workplan.models import Kpi, Plan, ProgressRequest, SupervisionOrder


class PlanFilterSet(SearchFilterSet):
    search_fields = ("title_zh", "title_en", "document_number")

    class Meta:
        model = Plan
        fields = ["q", "city"]


class ProgressRequestFilterSet(SearchFilterSet):
    search_fields = ("title", "note")

    class Meta:
        model = ProgressRequest
        fields = ["q", "plan"]


class SupervisionOrderFilterSet(SearchFilterSet):
    search_fields = ("text", "task__title_zh", "department__name_zh")
    status = django_filters.ChoiceFilter(choices=OrderStatus.choices, label=_("status"))

    class Meta:
        model = SupervisionOrder
        fields = ["q", "status", "department"]


class KpiFilterSet(SearchFilterSet):
    search_fields = ("name_zh", "key", "text_zh")

    class Meta:
        model = Kpi
        fields = ["q", "plan"]
